using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Records;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Approvals;

/// <summary>The stored request of an approved approval request, as the action's pipeline reads it.</summary>
/// <param name="Approval">The approval request.</param>
/// <param name="Body">The stored, already-checked body.</param>
/// <param name="TimeZone">The requester's time zone.</param>
internal sealed record ApprovalExecution(StoredApproval Approval, JsonElement Body, TimeZoneInfo TimeZone) : Jobs.IStoredRequest;

/// <summary>The approved request being replayed in this request's scope, if any (set by <see cref="ApprovalDispatcher"/>).</summary>
internal sealed class ApprovalReplay
{
    public ApprovalExecution? Current { get; set; }
}

/// <summary>
/// Runs an approved request through the action's own MVC pipeline (its filters: authentication of the approver,
/// selection, values, enablement, audit), invoked by MVC's own invoker with a fresh <see cref="ActionContext"/>: the
/// approver's request is not rewritten, and the action's declared HTTP method does not matter. The action's result
/// is written to the approver's response.
/// </summary>
internal static class ApprovalDispatcher
{
    public static async Task ExecuteAsync(HttpContext http, SmartActionDescriptor action, StoredApproval approval)
    {
        using var payload = JsonDocument.Parse(approval.Payload);
        http.RequestServices.GetRequiredService<ApprovalReplay>().Current = new ApprovalExecution(approval, payload.RootElement.Clone(), ListQuery.ParseTimeZone(approval.TimeZone));
        await InvokeAsync(http, action).ConfigureAwait(false);
    }

    /// <summary>Runs the action's MVC pipeline on <paramref name="http"/> (approvals and background jobs).</summary>
    public static async Task InvokeAsync(HttpContext http, SmartActionDescriptor action)
    {
        var services = http.RequestServices;
        var descriptor = services.GetRequiredService<SmartActionDescriptors>().Find(action)
            ?? throw new InvalidOperationException($"The MVC action of the smart action '{action.Name}' was not found.");
        var routeData = new RouteData(new RouteValueDictionary(descriptor.RouteValues));
        var context = new ActionContext(http, routeData, descriptor);
        var invoker = services.GetRequiredService<IActionInvokerFactory>().CreateInvoker(context)
            ?? throw new InvalidOperationException($"MVC cannot invoke the smart action '{action.Name}'.");
        await invoker.InvokeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// Each smart action's MVC <see cref="ControllerActionDescriptor"/>, mapped once (rebuilt only if MVC's descriptor
/// collection changes), so that replaying an approved request does not scan the application's endpoints.
/// </summary>
internal sealed class SmartActionDescriptors(IActionDescriptorCollectionProvider provider)
{
    private (int Version, Dictionary<SmartActionDescriptor, ControllerActionDescriptor> Map)? _map;

    public ControllerActionDescriptor? Find(SmartActionDescriptor action)
    {
        var collection = provider.ActionDescriptors;
        var current = _map;
        if (current is not { } built || built.Version != collection.Version)
        {
            var map = new Dictionary<SmartActionDescriptor, ControllerActionDescriptor>(ReferenceEqualityComparer.Instance);
            foreach (var descriptor in collection.Items.OfType<ControllerActionDescriptor>())
            {
                if (descriptor.Properties.TryGetValue(typeof(SmartActionDescriptor), out var found) && found is SmartActionDescriptor smart)
                {
                    map[smart] = descriptor;
                }
            }

            built = (collection.Version, map);
            _map = built;
        }

        return built.Map.GetValueOrDefault(action);
    }
}
