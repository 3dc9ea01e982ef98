using Forest.Mvc.Actions;
using Forest.Mvc.Hosting;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Forest.Mvc.Configuration;

namespace Forest.Mvc.Invocation;

/// <summary>
/// Routes a smart action at its endpoint, alone, with its HTTP method (overriding any controller route), and with
/// the Forest CORS policy when cross-origin callers are configured.
/// </summary>
internal sealed class SmartActionRouteConvention(bool enableCors) : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        var descriptor = SmartActionModel.Descriptor(action);
        action.Selectors.Clear();
        var selector = new SelectorModel
        {
            AttributeRouteModel = new AttributeRouteModel { Template = descriptor.Endpoint, Name = null },
        };
        selector.ActionConstraints.Add(new HttpMethodActionConstraint([descriptor.HttpMethod]));
        selector.EndpointMetadata.Add(new HttpMethodMetadata([descriptor.HttpMethod], acceptCorsPreflight: true));
        if (enableCors)
        {
            selector.EndpointMetadata.Add(new EnableCorsAttribute(ForestCors.PolicyName));
        }

        selector.EndpointMetadata.Add(descriptor);
        action.Selectors.Add(selector);
    }
}

/// <summary>Adds the pipeline's filter; it cannot be left out, since discovery always applies this.</summary>
internal sealed class SmartActionFiltersConvention : IActionModelConvention
{
    public void Apply(ActionModel action) => AddPipeline(action);

    /// <summary>Puts the pipeline's filter first on <paramref name="action"/> (a smart action or a form hook route).</summary>
    public static void AddPipeline(ActionModel action) => action.Filters.Insert(0, new ServiceFilter<Invocation.SmartActionFilter>());

    /// <summary>Resolves a filter from DI (so filters get their services) and orders it first.</summary>
    private sealed class ServiceFilter<TFilter> : IFilterFactory, IOrderedFilter
        where TFilter : IFilterMetadata
    {
        public bool IsReusable => true;

        public int Order => int.MinValue + 100;

        public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => serviceProvider.GetRequiredService<TFilter>();
    }
}

/// <summary>Binds <see cref="ForestUser"/> parameters from the authenticated request and shows the action in the API explorer.</summary>
internal sealed class SmartActionParametersConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        var descriptor = SmartActionModel.Descriptor(action);
        foreach (var parameter in action.Parameters)
        {
            if (parameter.ParameterType == typeof(ForestUser))
            {
                parameter.BindingInfo = new BindingInfo { BindingSource = BindingSource.Special, BinderType = typeof(ForestUserModelBinder) };
            }
            else if (parameter.ParameterType == descriptor.FormType)
            {
                parameter.BindingInfo = new BindingInfo { BindingSource = BindingSource.Special, BinderType = typeof(FormModelBinder) };
            }
        }

        action.ApiExplorer.IsVisible = true;
        action.ApiExplorer.GroupName = null;
    }
}

/// <summary>Gives the authenticated <see cref="ForestUser"/> to an action parameter.</summary>
internal sealed class ForestUserModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var user = bindingContext.HttpContext.Features.Get<ForestUser>();
        bindingContext.Result = user is null ? ModelBindingResult.Failed() : ModelBindingResult.Success(user);
        return Task.CompletedTask;
    }
}

/// <summary>Gives the bound and validated form (built by the pipeline) to the action's form parameter.</summary>
internal sealed class FormModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var form = Invocation.SmartActionInvocation.Find(bindingContext.HttpContext)?.Form;
        bindingContext.Result = form is null ? ModelBindingResult.Failed() : ModelBindingResult.Success(form);
        return Task.CompletedTask;
    }
}

/// <summary>Where discovery keeps the descriptor on the application model.</summary>
internal static class SmartActionModel
{
    public static SmartActionDescriptor Descriptor(ActionModel action) =>
        action.Properties.TryGetValue(typeof(SmartActionDescriptor), out var value) && value is SmartActionDescriptor descriptor
            ? descriptor
            : throw new InvalidOperationException($"{action.DisplayName} has no SmartActionDescriptor.");
}
