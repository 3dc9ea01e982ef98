using System.Globalization;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Management;
using Forest.Mvc.Records;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Activity;

/// <summary><c>GET /forest/activity</c>: the activity log, newest first, paged, filtered by kind, user, collection, action and dates (administrators).</summary>
internal static class ActivityEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/activity", (Delegate)ListAsync).AddEndpointFilter(AdminGate.Filter);

    /// <remarks>The admin gate has already answered 501 when no store is configured.</remarks>
    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var store = http.RequestServices.GetRequiredService<IStoreAccess>().Require("The activity log");

        // Read your writes: every entry queued by a request answered before this one is in the list.
        await http.RequestServices.GetRequiredService<IActivitySink>().FlushAsync().ConfigureAwait(false);

        var query = http.Request.Query;
        var (list, size) = ListQuery.StoreList(query, 50, 500, "the activity log");

        IQueryable<StoredActivity> lines = store.Activity.AsNoTracking();
        if (query["kind"].FirstOrDefault() is "security")
        {
            lines = lines.Where(a => ActivityKind.Security.Contains(a.Kind));
        }
        else if (query["kind"].FirstOrDefault() is { Length: > 0 } kind)
        {
            lines = lines.Where(a => a.Kind == kind);
        }

        if (query["source"].FirstOrDefault() is { Length: > 0 } source)
        {
            lines = source == "api" ? lines.Where(a => a.Source == null) : lines.Where(a => a.Source == source);
        }

        if (query["user"].FirstOrDefault() is { Length: > 0 } user)
        {
            lines = lines.Where(a => a.UserEmail == user || a.UserId == user);
        }

        if (query["traceId"].FirstOrDefault() is { Length: > 0 } traceId)
        {
            lines = lines.Where(a => a.TraceId == traceId);
        }

        if (query["collection"].FirstOrDefault() is { Length: > 0 } collection)
        {
            lines = lines.Where(a => a.Collection == collection);
        }

        if (query["action"].FirstOrDefault() is { Length: > 0 } action)
        {
            lines = lines.Where(a => a.Action == action);
        }

        if (Date(query["from"].FirstOrDefault(), "from") is { } from)
        {
            lines = lines.Where(a => a.At >= from);
        }

        if (Date(query["to"].FirstOrDefault(), "to") is { } to)
        {
            lines = lines.Where(a => a.At < to);
        }

        var count = await lines.CountAsync(http.RequestAborted).ConfigureAwait(false);
        var page = await lines.OrderByDescending(a => a.Id).Skip(list.Offset(size)).Take(size).ToListAsync(http.RequestAborted).ConfigureAwait(false);
        return HttpResults.Json(new JsonObject
        {
            ["data"] = new JsonArray([.. page.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["at"] = Errors.ForestJson.Iso(a.At),
                ["kind"] = a.Kind,
                ["user"] = new JsonObject { ["id"] = a.UserId, ["email"] = a.UserEmail },
                ["collection"] = a.Collection,
                ["action"] = a.Action,
                ["recordIds"] = a.RecordIds is null ? null : JsonNode.Parse(a.RecordIds),
                ["allRecords"] = a.AllRecords,
                ["values"] = a.Values is null ? null : JsonNode.Parse(a.Values),
                ["outcome"] = a.Outcome,
                ["status"] = a.Status,
                ["durationMs"] = a.DurationMs,
                ["traceId"] = a.TraceId,
                ["approvalId"] = a.ApprovalId?.ToString(),
                ["source"] = a.Source ?? "api",
                ["tool"] = a.Tool,
                ["token"] = a.Token,
            })]),
            ["meta"] = new JsonObject { ["count"] = count },
        }, ForestJson.Options);
    }

    private static DateTime? Date(string? text, string name) => text switch
    {
        null or "" => null,
        _ when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) => date.UtcDateTime,
        _ => throw ForestRequestException.BadRequest($"{name} must be an ISO 8601 date, not '{text}'."),
    };
}
