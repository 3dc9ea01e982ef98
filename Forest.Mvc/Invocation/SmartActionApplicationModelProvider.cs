using Forest.Mvc.Actions;
using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Invocation;

/// <summary>
/// Runs after MVC's default provider: attaches each smart action's descriptor to its <see cref="ActionModel"/> (and
/// the public <see cref="ForestActionDescriptor"/> to its endpoints)
/// and applies the smart action conventions, then adds the action's form hook routes (<see cref="FormHookModels"/>). A public method of a smart actions controller that is not a smart
/// action never becomes an endpoint (startup already refused it).
/// </summary>
internal sealed class SmartActionApplicationModelProvider(ForestRegistry registry, ForestModel model, IOptions<ForestOptions> options) : IApplicationModelProvider
{
    private readonly bool _cors = options.Value.CorsOrigins.Count > 0;

    private readonly IActionModelConvention[] _conventions =
    [
        new SmartActionRouteConvention(enableCors: options.Value.CorsOrigins.Count > 0),
        new SmartActionFiltersConvention(),
        new SmartActionParametersConvention(),
    ];

    /// <summary>After <c>DefaultApplicationModelProvider</c> (-1000), like ASP.NET Core's API behaviour provider.</summary>
    public int Order => -1000 + 10;

    public void OnProvidersExecuting(ApplicationModelProviderContext context)
    {
        foreach (var controller in context.Result.Controllers)
        {
            if (SmartActionsControllerType.EntityTypeOf(controller.ControllerType) is null)
            {
                continue;
            }

            foreach (var action in controller.Actions.ToList())
            {
                var descriptor = registry.FindAction(action.ActionMethod);
                if (descriptor is null)
                {
                    controller.Actions.Remove(action);
                    continue;
                }

                action.Properties[typeof(SmartActionDescriptor)] = descriptor;
                foreach (var convention in _conventions)
                {
                    convention.Apply(action);
                }

                // The public descriptor, for integrations (OpenAPI generators…), on the action's route and its hooks' routes.
                var described = model.Of(descriptor);
                foreach (var hook in FormHookModels.Create(controller, descriptor, _cors))
                {
                    controller.Actions.Add(hook);
                    hook.Selectors.ToList().ForEach(s => s.EndpointMetadata.Add(described));
                }

                action.Selectors.ToList().ForEach(s => s.EndpointMetadata.Add(described));
            }

            controller.Selectors.Clear();
        }
    }

    public void OnProvidersExecuted(ApplicationModelProviderContext context)
    {
    }
}
