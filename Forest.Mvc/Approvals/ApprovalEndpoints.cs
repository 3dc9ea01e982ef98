using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Activity;
using Forest.Mvc.Errors;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Approvals;

/// <summary>
/// <c>GET /forest/approvals?view=requested|to-review|history</c>, <c>GET /forest/approvals/{id}</c>,
/// <c>POST /forest/approvals/{id}/approve</c> (runs the stored request and answers with the action's own result),
/// <c>POST /forest/approvals/{id}/reject</c> and <c>GET /forest/approvals/export</c> (CSV).
/// </summary>
internal static class ApprovalEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/approvals", ListAsync);
        group.MapGet("/approvals/export", (Delegate)ExportAsync);
        group.MapGet("/approvals/{id:guid}", GetAsync);
        group.MapPost("/approvals/{id:guid}/approve", ApproveAsync);
        group.MapPost("/approvals/{id:guid}/reject", RejectAsync);
    }

    private static Task<(ForestUser User, AccessRules Rules, ApprovalService Approvals)> CallerAsync(HttpContext http) =>
        CallerAsync(http.RequestServices, http.Features.Get<ForestUser>()!, http.RequestAborted);

    private static async Task<(ForestUser User, AccessRules Rules, ApprovalService Approvals)> CallerAsync(IServiceProvider services, ForestUser user, CancellationToken cancellationToken)
    {
        var rules = await services.GetRequiredService<AccessControl>().LoadAsync(user, null, cancellationToken).ConfigureAwait(false);
        _ = services.GetRequiredService<IStoreAccess>().Require("Approvals");
        return (user, rules, services.GetRequiredService<ApprovalService>());
    }

    private static bool CanSelfApprove(AccessRules rules, string collection, string action) =>
        rules.Role is { } role && rules.For(role.Id, collection, action) is { CanSelfApprove: true };

    private static async Task<IResult> ListAsync(HttpContext http, string? view)
    {
        var (user, rules, approvals) = await CallerAsync(http).ConfigureAwait(false);
        var query = ListQuery.FromQueryString(http.Request.Query);
        var size = query.PageSize ?? 20;
        await approvals.ExpireAsync(http.RequestAborted).ConfigureAwait(false);
        Task<IQueryable<StoredApproval>> View(string name) =>
            approvals.ViewAsync(user, rules.Role?.Id, (c, a) => CanSelfApprove(rules, c, a), name, http.RequestAborted);

        var name = view ?? "to-review";
        var chosen = await View(name).ConfigureAwait(false);
        var counts = new JsonObject();
        foreach (var each in new[] { "requested", "to-review", "history" })
        {
            counts[each] = await (each == name ? chosen : await View(each).ConfigureAwait(false)).CountAsync(http.RequestAborted).ConfigureAwait(false);
        }

        var rows = await chosen.Skip(query.Offset(size)).Take(size).ToListAsync(http.RequestAborted).ConfigureAwait(false);
        var page = rows.Select(a => (JsonNode)ApprovalService.ToJson(a)).ToArray();
        return HttpResults.Json(new JsonObject
        {
            ["data"] = new JsonArray(page),
            ["meta"] = new JsonObject
            {
                ["count"] = counts[name]!.GetValue<int>(),
                ["counts"] = counts,
            },
        }, ForestJson.Options);
    }

    /// <summary>One approval request, when the caller may see it (requester, reviewer's role, administrator); also the MCP tool get_approval_status.</summary>
    private static async Task<IResult> GetAsync(HttpContext http, Guid id) =>
        HttpResults.Json(new JsonObject { ["data"] = await VisibleAsync(http.RequestServices, http.Features.Get<ForestUser>()!, id, http.RequestAborted).ConfigureAwait(false) }, ForestJson.Options);

    /// <summary>A request as <paramref name="user"/> may see it (theirs, one they may review, or any for an administrator); else 404. Also the MCP tool get_approval_status.</summary>
    internal static async Task<JsonObject> VisibleAsync(IServiceProvider services, ForestUser user, Guid id, CancellationToken cancellationToken)
    {
        var (_, rules, approvals) = await CallerAsync(services, user, cancellationToken).ConfigureAwait(false);
        var approval = await approvals.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var visible = approval.RequesterId == user.Id
            || Management.AdminGate.IsAdmin(user)
            || (rules.Role is { } role && JsonSerializer.Deserialize<int[]>(approval.ApproverRoleIds)!.Contains(role.Id));
        return visible ? ApprovalService.ToJson(approval) : throw ForestRequestException.NotFound($"No approval request has the id '{id}'.");
    }

    private static async Task<IResult> ExportAsync(HttpContext http)
    {
        var (user, rules, approvals) = await CallerAsync(http).ConfigureAwait(false);
        await approvals.ExpireAsync(http.RequestAborted).ConfigureAwait(false);
        var history = await (await approvals.ViewAsync(user, rules.Role?.Id, (c, a) => CanSelfApprove(rules, c, a), "history", http.RequestAborted).ConfigureAwait(false))
            .ToListAsync(http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"approvals-history.csv\"";
        http.Response.Headers.AccessControlExposeHeaders = "Content-Disposition";
        return HttpResults.Text(ApprovalCsv.Write(history), "text/csv; charset=utf-8");
    }

    private static async Task<IResult> RejectAsync(HttpContext http, Guid id)
    {
        var (user, rules, approvals) = await CallerAsync(http).ConfigureAwait(false);
        var message = await MessageAsync(http).ConfigureAwait(false);
        var approval = await approvals.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
        var (action, _, selection, timeZone) = await PrepareAsync(http, approval, user).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<AccessControl>().EnsureCanApproveAsync(rules, user, approval.RequesterId, action, selection, timeZone, http.RequestAborted).ConfigureAwait(false);
        await approvals.DecideAsync(approval, ApprovalStatus.Rejected, user, message, http.RequestAborted).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<ActivityLog>().RecordAsync(ActivityKind.Rejection, user, action, null, message is null ? "rejected" : $"rejected: {message}", approvalId: id).ConfigureAwait(false);
        return HttpResults.Json(new JsonObject { ["data"] = ApprovalService.ToJson(await approvals.GetAsync(id, http.RequestAborted).ConfigureAwait(false)) }, ForestJson.Options);
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, Guid id)
    {
        var (user, rules, approvals) = await CallerAsync(http).ConfigureAwait(false);
        var message = await MessageAsync(http).ConfigureAwait(false);
        var approval = await approvals.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
        var (action, _, selection, timeZone) = await PrepareAsync(http, approval, user).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<AccessControl>().EnsureCanApproveAsync(rules, user, approval.RequesterId, action, selection, timeZone, http.RequestAborted).ConfigureAwait(false);
        await approvals.DecideAsync(approval, ApprovalStatus.Approved, user, message, http.RequestAborted).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<ActivityLog>().RecordAsync(ActivityKind.Approval, user, action, null, message is null ? "approved" : $"approved: {message}", approvalId: id).ConfigureAwait(false);

        approval.ReviewMessage = message;
        var answer = await ApprovalDispatcher.ExecuteAsync(http, action, approval, user).ConfigureAwait(false);
        await answer.WriteToAsync(http).ConfigureAwait(false);
        await approvals.RecordResultAsync(id, answer.Status).ConfigureAwait(false);
        return HttpResults.Empty;
    }

    /// <summary>The stored request's action and selection, as the approver may reach it.</summary>
    private static async Task<(SmartActionDescriptor Action, SmartActionRequest Request, IPreparedSelection Selection, TimeZoneInfo TimeZone)> PrepareAsync(HttpContext http, StoredApproval approval, ForestUser approver)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var action = registry.FindAction(approval.Collection, approval.Action)
            ?? throw new ForestRequestException(409, ApprovalService.AlreadyProcessed, $"The action '{approval.Action}' of '{approval.Collection}' no longer exists.");
        using var payload = JsonDocument.Parse(approval.Payload);
        var request = SmartActionRequest.Parse(payload.RootElement.Clone());
        var collection = registry.GetCollection(action);
        var timeZone = ListQuery.ParseTimeZone(approval.TimeZone);
        var resolver = http.RequestServices.GetRequiredService<Permissions.SelectionResolver>();
        var caller = await resolver.CallerAsync(approver, collection.Name, http.RequestAborted).ConfigureAwait(false);
        var selection = await resolver.SelectAsync(caller, collection, action.Type, action.Name, request, timeZone, http.RequestAborted).ConfigureAwait(false);
        await selection.EnsureExistsAsync(http.RequestAborted).ConfigureAwait(false);
        return (action, request, selection, timeZone);
    }

    private static async Task<string?> MessageAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 or null && http.Request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        try
        {
            var root = await JsonBody.ReadAsync(http, JsonBody.SmallBodyBytes).ConfigureAwait(false);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("requester_id", out _))
            {
                throw new ForestRequestException(422, ForestErrorNames.Unprocessable, "requester_id is not accepted: the requester is the one stored with the request.");
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message)
                ? message.ValueKind switch
                {
                    JsonValueKind.String => message.GetString() is { Length: > 2000 } ? throw ForestRequestException.BadRequest("message is longer than 2000 characters.") : message.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw ForestRequestException.BadRequest("message must be a string."),
                }
                : null;
        }
        catch (JsonException)
        {
            throw ForestRequestException.BadRequest("The body must be JSON: {\"message\": \"...\"} (optional).");
        }
    }
}
