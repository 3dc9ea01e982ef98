using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Discovery;
using Forest.Mvc.Permissions;

namespace Forest.Mvc.Http;

/// <summary>
/// <c>POST /forest/{collection}/actions</c> with a selection body (like an action call): for the caller, which
/// actions of the collection are visible, and for the selection which are enabled, need approval, or why not.
/// The console draws its actions menu from it; the server enforces the same rules when an action is called.
/// </summary>
internal static class ActionStateEndpoints
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/{collection}/actions", StateAsync);

    private static async Task<IResult> StateAsync(HttpContext http, string collection)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var descriptor = registry.FindCollection(collection) ?? throw ForestRequestException.NotFound($"'{collection}' is not a collection.");
        var user = http.Features.Get<ForestUser>()!;
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForestOptions>>().Value;
        var body = await JsonBody.ReadAsync(http, options.MaxActionBodyBytes, "Forest:MaxActionBodyBytes").ConfigureAwait(false);
        if (body.ValueKind == JsonValueKind.Undefined)
        {
            body = JsonSerializer.SerializeToElement(new { data = new { attributes = new { } } });
        }

        var request = SmartActionRequest.Parse(body);
        var timeZone = ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault());
        var access = http.RequestServices.GetRequiredService<AccessControl>();
        var resolver = http.RequestServices.GetRequiredService<Permissions.SelectionResolver>();
        var caller = await resolver.CallerAsync(user, descriptor.Name, http.RequestAborted).ConfigureAwait(false);
        var rules = caller.Rules;
        var hasSelection = request.AllRecords || request.Ids.Count > 0;
        var everything = await resolver.SelectAsync(caller, descriptor, ActionType.Global, "(collection)", request, timeZone, http.RequestAborted).ConfigureAwait(false);
        var selected = hasSelection ? await resolver.SelectAsync(caller, descriptor, ActionType.Bulk, "(selection)", request, timeZone, http.RequestAborted).ConfigureAwait(false) : null;
        if (selected is not null)
        {
            await selected.EnsureExistsAsync(http.RequestAborted).ConfigureAwait(false);
        }

        var states = new JsonArray();
        foreach (var action in registry.ActionsOf(descriptor).OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var selection = action.Type == ActionType.Global ? everything : selected;
            states.Add(await ActionStateAsync(access, rules, user, action, descriptor, selection, request, timeZone, http.RequestAborted).ConfigureAwait(false));
        }

        return HttpResults.Json(new JsonObject { ["actions"] = states }, ForestJson.Options);
    }

    private static async Task<JsonObject> ActionStateAsync(AccessControl access, AccessRules rules, ForestUser user, SmartActionDescriptor action, CollectionDescriptor collection, IPreparedSelection? selection, SmartActionRequest request, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var state = new JsonObject
        {
            ["id"] = action.Id,
            ["name"] = action.Name,
            ["type"] = action.WireType,
            ["endpoint"] = action.Endpoint,
            ["httpMethod"] = action.HttpMethod,
            ["download"] = action.Download,
        };
        var visible = access.MayShow(rules, action);
        state["visible"] = visible;
        string? reason = null;
        var requiresApproval = false;
        if (!visible)
        {
            reason = "You don't have permission to trigger this action.";
        }
        else if (selection is null || (action.Type == ActionType.Single && (request.AllRecords || request.Ids.Count != 1)))
        {
            reason = action.Type == ActionType.Single ? "Select exactly one record." : "Select at least one record.";
        }
        else
        {
            try
            {
                reason = ((await access.TriggerRefusalAsync(rules, user, action, selection, timeZone, cancellationToken).ConfigureAwait(false))
                    ?? await access.EnabledRefusalAsync(rules, user, action, collection, selection, timeZone, cancellationToken).ConfigureAwait(false))?.Message;
                requiresApproval = reason is null
                    && (await access.TriggerVerdictAsync(rules, user, action, selection, timeZone, cancellationToken).ConfigureAwait(false)).Verdict == TriggerVerdict.RequiresApproval;
            }
            catch (ForestRequestException exception)
            {
                reason = exception.Message;
            }
        }

        state["enabled"] = reason is null;
        state["disabledReason"] = reason;
        state["requiresApproval"] = requiresApproval;
        return state;
    }
}
