using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Approvals;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Pipeline;

/// <summary>
/// The stages of a smart action call before its method runs, in this order: authenticate → parse → resolve the
/// caller, the parent and the selection → authorize (every rule count in one query) → bind the values → approval
/// gate. The form hooks run the same stages up to authorization; an approved request runs them from its stored
/// body, under the approver. The MVC filter (<see cref="SmartActionPipelineFilter"/>) then runs the action and the
/// audit. See docs/pipeline.md.
/// </summary>
internal sealed class ActionPipeline(ForestRegistry registry, RecordsService records, IOptions<ForestOptions> options)
{
    /// <summary>Prepares an action call, or the replay of an approved request; a <see cref="ForestRequestException"/> says why it is refused.</summary>
    /// <param name="http">The request.</param>
    /// <param name="action">The action called.</param>
    /// <param name="replay">The stored request being replayed (an approved request or a background job; its body already checked), if any.</param>
    public async Task<SmartActionExecution> PrepareActionAsync(HttpContext http, SmartActionDescriptor action, Jobs.IStoredRequest? replay)
    {
        var ct = http.RequestAborted;
        var user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        if (replay is null)
        {
            // Before any database work; an approved request or a job was counted when it was asked for.
            http.RequestServices.GetRequiredService<ActionRateLimits>().Acquire(action, user);
        }

        var request = SmartActionRequest.Parse(replay?.Body ?? await ReadBodyAsync(http).ConfigureAwait(false));
        var timeZone = replay?.TimeZone ?? TimeZoneOf(http);
        var approval = replay?.Approval;
        var (execution, caller, access) = await ResolveAsync(http, user, action, request, timeZone, trigger: replay is null).ConfigureAwait(false);
        var (collection, selection) = (execution.Collection, execution.Selection);

        await access.EnsureEnabledAsync(caller.Rules, user, action, collection, selection, timeZone, ct).ConfigureAwait(false);
        await selection.EnsureExistsAsync(ct).ConfigureAwait(false);
        var db = http.RequestServices.GetRequiredService<SelectionResolver>().Db;
        var values = await ActionValuesBinder.BindAsync(action.Fields, request.Values, options.Value.MaxFileBytes, (reference, id, c) => ReferenceExistsAsync(db, caller.Scopes, reference, id, c), ct).ConfigureAwait(false);
        var form = action.FormType is null ? null : await FormBinder.BindAsync(action, values, http.RequestServices, ct).ConfigureAwait(false);
        if (replay is null)
        {
            await RequestApprovalIfNeededAsync(http, access, caller, action, collection, request, selection, timeZone).ConfigureAwait(false);
        }

        return execution with
        {
            Values = values,
            Form = form,
            Approval = approval is null ? null : new ApprovalInfo(approval.Id, approval.RequesterId, approval.RequesterEmail, approval.RequesterName, approval.CreatedAt, approval.ReviewMessage),
        };
    }

    /// <summary>Prepares a form hook call (load or change): the action's stages up to authorization; the values are the form being edited, not checked.</summary>
    public async Task<(SmartActionExecution Execution, FormHookRequest Request)> PrepareHookAsync(HttpContext http, SmartActionDescriptor action)
    {
        var user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        var request = FormHookRequest.Parse(await ReadBodyAsync(http).ConfigureAwait(false));
        var timeZone = TimeZoneOf(http);
        var (execution, _, _) = await ResolveAsync(http, user, action, request, timeZone, trigger: true).ConfigureAwait(false);
        await execution.Selection.EnsureExistsAsync(http.RequestAborted).ConfigureAwait(false);
        return (execution, request);
    }

    /// <summary>
    /// Resolve and authorize: the caller, the parent and the selection, then (<paramref name="trigger"/>: not for an
    /// approved request, decided already) whether the caller may trigger the action on it. Every count the checks
    /// need is read in one query first. Answers the call's state without values.
    /// </summary>
    private async Task<(SmartActionExecution Execution, ForestCaller Caller, AccessControl Access)> ResolveAsync(
        HttpContext http, ForestUser user, SmartActionDescriptor action, SmartActionRequest request, TimeZoneInfo timeZone, bool trigger)
    {
        var ct = http.RequestAborted;
        var collection = registry.GetCollection(action);
        if (request.CollectionName is { } name && name != collection.Name)
        {
            throw ForestRequestException.BadRequest($"data.attributes.collection_name is '{name}', but the action '{action.Name}' belongs to the collection '{collection.Name}'.");
        }

        var resolver = http.RequestServices.GetRequiredService<SelectionResolver>();
        var access = http.RequestServices.GetRequiredService<AccessControl>();
        var caller = await resolver.CallerAsync(user, collection.Name, ct).ConfigureAwait(false);
        if (trigger)
        {
            access.EnsureMayTrigger(caller.Rules, action);
        }

        var selection = await resolver.SelectAsync(caller, collection, action.Type, action.Name, request, timeZone, ct).ConfigureAwait(false);
        await access.PrefetchCountsAsync(caller.Rules, user, action, collection, selection, timeZone, ct).ConfigureAwait(false);
        if (trigger)
        {
            await access.EnsureCanTriggerAsync(caller.Rules, user, action, selection, timeZone, ct).ConfigureAwait(false);
        }

        var execution = new SmartActionExecution
        {
            Action = action,
            Collection = collection,
            Request = request,
            User = user,
            TimeZone = timeZone,
            Values = SmartActionValues.Empty,
            Selection = selection,
        };
        return (execution, caller, access);
    }

    /// <summary>When the caller's role must have the action approved: stores the request and answers 403 CustomActionRequiresApprovalError.</summary>
    private async Task RequestApprovalIfNeededAsync(HttpContext http, AccessControl access, ForestCaller caller, SmartActionDescriptor action, CollectionDescriptor collection, SmartActionRequest request, IPreparedSelection selection, TimeZoneInfo timeZone)
    {
        var (verdict, approvers) = await access.TriggerVerdictAsync(caller.Rules, caller.User, action, selection, timeZone, http.RequestAborted).ConfigureAwait(false);
        if (verdict != TriggerVerdict.RequiresApproval && !await IsLargeAgentCallAsync(http, action, selection).ConfigureAwait(false))
        {
            return;
        }

        if (verdict != TriggerVerdict.RequiresApproval)
        {
            // An AI agent's bulk call on many records waits for a human, even for a role that may trigger it directly.
            approvers = await access.ApproverRoleIdsAsync(caller.Rules, caller.User, action, selection, timeZone, http.RequestAborted).ConfigureAwait(false);
            if (approvers.Count == 0)
            {
                throw new ForestRequestException(403, AccessControl.TriggerForbidden, $"Over MCP, '{action.Name}' on more than {options.Value.Mcp.MaxRecordsWithoutApproval} records needs an approval, and no role may approve it: run it from the console.");
            }
        }

        var approvals = http.RequestServices.GetRequiredService<ApprovalService>();
        var created = await approvals.CreateAsync(caller.User, action, collection, request, selection, timeZone, approvers, http.RequestAborted).ConfigureAwait(false);
        throw new ForestRequestException(403, AccessControl.RequiresApproval, "This action requires to be approved.")
        {
            ErrorData = new { roleIdsAllowedToApprove = approvers, approvalRequestId = created.Id, recordIds = JsonSerializer.Deserialize<string[]>(created.RecordIds) },
        };
    }

    /// <summary>A bulk call of an MCP agent on more than <see cref="ForestMcpOptions.MaxRecordsWithoutApproval"/> records.</summary>
    private async Task<bool> IsLargeAgentCallAsync(HttpContext http, SmartActionDescriptor action, IPreparedSelection selection)
    {
        if (action.Type != ActionType.Bulk || http.Features.Get<Mcp.McpCaller>() is null)
        {
            return false;
        }

        var limit = options.Value.Mcp.MaxRecordsWithoutApproval;
        var count = selection.KnownCount ?? (await selection.CountAsync([], http.RequestAborted).ConfigureAwait(false)).Selected;
        return count > limit;
    }

    /// <summary>Whether the referenced record exists within the caller's scope on its collection.</summary>
    private async Task<bool> ReferenceExistsAsync(Microsoft.EntityFrameworkCore.DbContext db, CallerScopes scopes, string reference, string id, CancellationToken cancellationToken)
    {
        var target = registry.FindCollection(reference[..reference.LastIndexOf('.')]);
        if (target is null || ValueConverter.FromString(id, target.PrimaryKey.ClrType) is null)
        {
            return false;
        }

        return await records.For(target).FindAsync(db, id, scopes.Of(target.Name), cancellationToken).ConfigureAwait(false) is not null;
    }

    private static TimeZoneInfo TimeZoneOf(HttpContext http) => ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault());

    private Task<JsonElement> ReadBodyAsync(HttpContext http) =>
        JsonBody.ReadAsync(http, options.Value.MaxActionBodyBytes, "Forest:MaxActionBodyBytes on smart action routes");
}
