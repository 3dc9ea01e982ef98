using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Forest.Mvc.Configuration;
using Forest.Mvc.Invocation;

namespace Forest.Mvc.Invocation;

/// <summary>
/// The form hook routes of a controller's smart actions, as MVC actions of that controller: <c>POST
/// &lt;endpoint&gt;/hooks/load</c>, <c>/change</c> and <c>/search</c>. Each runs the controller's internal hook entry
/// (which calls the hook method the request asks for), behind the same pipeline filter as the action. Being MVC
/// actions of the controller, they get the application's global filters, the controller's attributes (e.g.
/// <c>[Authorize]</c>) and its conventions. They are not shown in the API explorer.
/// </summary>
internal static class FormHookModels
{
    public static IEnumerable<ActionModel> Create(ControllerModel controller, SmartActionDescriptor action, bool enableCors)
    {
        var entity = SmartActionsControllerType.EntityTypeOf(controller.ControllerType)!;
        var entry = typeof(SmartActionsController<>).MakeGenericType(entity).GetMethod("RunFormHookAsync", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("SmartActionsController has no form hook entry.");
        foreach (var kind in Enum.GetValues<HookKind>())
        {
            var route = new FormHookRoute(action, kind);
            var model = new ActionModel(entry, [])
            {
                ActionName = $"{action.Method.Name}.hooks.{kind.ToString().ToLowerInvariant()}",
                Controller = controller,
            };
            model.Properties[typeof(FormHookRoute)] = route;
            var selector = new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = route.Path } };
            selector.ActionConstraints.Add(new HttpMethodActionConstraint(["POST"]));
            selector.EndpointMetadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            if (enableCors)
            {
                selector.EndpointMetadata.Add(new EnableCorsAttribute(ForestCors.PolicyName));
            }

            selector.EndpointMetadata.Add(route);
            model.Selectors.Add(selector);
            SmartActionFiltersConvention.AddPipeline(model);
            model.ApiExplorer.IsVisible = false;
            yield return model;
        }
    }
}
