using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Discovery;
using Forest.Mvc.Schema;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Forest.Mvc.Invocation;

namespace Forest.Mvc.Tests.Discovery;

/// <summary>Each convention applied alone to a hand-built application model.</summary>
[TestFixture]
public sealed class SmartActionConventionsTests
{
    private ForestRegistry _registry = null!;

    [OneTimeSetUp]
    public void Build()
    {
        _registry = CatalogRegistry.Build(typeof(ActionDiscoveryTests.Declarations.ProductsController));
    }

    private static MethodInfo Method(string name) => typeof(ActionDiscoveryTests.Declarations.ProductsController).GetMethod(name)!;

    private ActionModel Model(string method)
    {
        var info = Method(method);
        var action = new ActionModel(info, []);
        action.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = "api/somewhere" } });
        action.Properties[typeof(SmartActionDescriptor)] = _registry.FindAction(info);
        return action;
    }

    [Test]
    public void RouteConvention_ReplacesEverySelector_WithTheEndpointAndMethod()
    {
        var action = Model("Restock");

        new SmartActionRouteConvention(enableCors: false).Apply(action);

        var selector = action.Selectors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(selector.AttributeRouteModel!.Template, Is.EqualTo("/custom/restock"));
            Assert.That(selector.AttributeRouteModel.IsAbsoluteTemplate, Is.True, "a controller-level [Route] cannot prefix it");
            Assert.That(selector.ActionConstraints.OfType<HttpMethodActionConstraint>().Single().HttpMethods, Is.EqualTo(new[] { "PUT" }));
            Assert.That(selector.EndpointMetadata.OfType<SmartActionDescriptor>().Single().Name, Is.EqualTo("Restock"));
        });
    }

    [Test]
    public void FiltersConvention_PutsThePipelineFirst()
    {
        var action = Model("MarkAsLive");

        new SmartActionFiltersConvention().Apply(action);

        Assert.That(action.Filters, Has.Count.EqualTo(1), "one filter: the pipeline (its error boundary answers the action's exceptions too)");
        Assert.That(action.Filters[0], Is.InstanceOf<IFilterFactory>().And.InstanceOf<IOrderedFilter>());
        Assert.That(((IOrderedFilter)action.Filters[0]).Order, Is.LessThan(-1_000_000));
    }

    [Test]
    public void Provider_DropsPublicMethodsThatAreNotSmartActions()
    {
        var controller = new ControllerModel(typeof(ActionDiscoveryTests.Declarations.ProductsController).GetTypeInfo(), []);
        var smart = Model("MarkAsLive");
        smart.Properties.Clear();
        var stray = new ActionModel(Method("Helper"), []);
        controller.Actions.Add(smart);
        controller.Actions.Add(stray);
        var context = new ApplicationModelProviderContext([controller.ControllerType]);
        context.Result.Controllers.Add(controller);

        new SmartActionApplicationModelProvider(_registry, new Forest.Mvc.ForestModel(_registry), Microsoft.Extensions.Options.Options.Create(new Forest.Mvc.ForestOptions())).OnProvidersExecuting(context);

        var hooks = controller.Actions.Where(a => a.Properties.ContainsKey(typeof(Forest.Mvc.Forms.FormHookRoute))).ToList();
        Assert.That(controller.Actions.Except(hooks), Is.EqualTo(new[] { smart }));
        Assert.That(smart.Properties[typeof(SmartActionDescriptor)], Is.SameAs(_registry.FindAction(Method("MarkAsLive"))));
        Assert.That(smart.ApiExplorer.IsVisible, Is.True);
    }

    [Test]
    public void Provider_AddsTheFormHookRoutes_AsHiddenMvcActionsOfTheController_BehindThePipeline()
    {
        var controller = new ControllerModel(typeof(ActionDiscoveryTests.Declarations.ProductsController).GetTypeInfo(), []);
        var smart = Model("MarkAsLive");
        smart.Properties.Clear();
        controller.Actions.Add(smart);
        var context = new ApplicationModelProviderContext([controller.ControllerType]);
        context.Result.Controllers.Add(controller);

        new SmartActionApplicationModelProvider(_registry, new Forest.Mvc.ForestModel(_registry), Microsoft.Extensions.Options.Options.Create(new Forest.Mvc.ForestOptions())).OnProvidersExecuting(context);

        var hooks = controller.Actions.Where(a => a.Properties.ContainsKey(typeof(Forest.Mvc.Forms.FormHookRoute))).ToList();
        var endpoint = _registry.FindAction(Method("MarkAsLive"))!.Endpoint.TrimEnd('/');
        Assert.Multiple(() =>
        {
            Assert.That(hooks.Select(h => h.Selectors.Single().AttributeRouteModel!.Template), Is.EquivalentTo(new[] { endpoint + "/hooks/load", endpoint + "/hooks/change", endpoint + "/hooks/search" }));
            Assert.That(hooks.Select(h => h.Selectors.Single().ActionConstraints.OfType<HttpMethodActionConstraint>().Single().HttpMethods.Single()), Is.All.EqualTo("POST"));
            Assert.That(hooks.Select(h => h.Controller), Is.All.SameAs(controller));
            Assert.That(hooks.Select(h => h.ApiExplorer.IsVisible), Is.All.False);
            Assert.That(hooks.Select(h => h.Filters.FirstOrDefault()), Is.All.InstanceOf<IOrderedFilter>());
        });
    }
}
