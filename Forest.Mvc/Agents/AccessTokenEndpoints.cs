using System.Text.Json.Nodes;
using Forest.Mvc.Activity;
using Forest.Mvc.Errors;
using Forest.Mvc.Management;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Security;

namespace Forest.Mvc.Agents;

/// <summary>
/// Personal access tokens of the signed-in user: <c>GET /forest/tokens</c> (an administrator adds <c>filter=all</c>),
/// <c>POST /forest/tokens</c> <c>{"name", "expiresInDays"}</c> (the token is in this answer only) and
/// <c>DELETE /forest/tokens/{id}</c> (revoke: the owner or an administrator). Only a session token manages them: a
/// personal access token is accepted on the MCP endpoint and nowhere else.
/// </summary>
internal static class AccessTokenEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/tokens", (Delegate)ListAsync);
        group.MapPost("/tokens", (Delegate)CreateAsync);
        group.MapDelete("/tokens/{id:guid}", (Delegate)RevokeAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var (user, store) = Caller(http);
        var all = http.Request.Query["filter"].FirstOrDefault() == "all";
        if (all && !AdminGate.IsAdmin(user))
        {
            throw new ForestRequestException(403, ForestErrorNames.Forbidden, "Only administrators list everyone's tokens (filter=all).");
        }

        var rows = await store.AccessTokens.AsNoTracking().Where(t => all || t.UserId == user.Id)
            .OrderByDescending(t => t.CreatedAt).Take(500).ToListAsync(http.RequestAborted).ConfigureAwait(false);
        return HttpResults.Json(new JsonObject { ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)Json(r))]) }, ForestJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var (user, _) = Caller(http);
        var body = await RequestJson.ReadAsync<JsonObject>(http, "{\"name\": \"…\", \"expiresInDays\": 90}").ConfigureAwait(false);
        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : throw ForestRequestException.BadRequest("name: a string is required.");
        int? days = body["expiresInDays"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out var d) => d,
            _ => throw ForestRequestException.BadRequest("expiresInDays: a whole number of days, or null."),
        };
        var (row, token) = await http.RequestServices.GetRequiredService<AccessTokens>().CreateAsync(user, name, days, http.RequestAborted).ConfigureAwait(false);
        await Audit(http, user, ActivityKind.TokenCreated, $"personal access token '{row.Name}' ({row.Prefix}…) created", 201).ConfigureAwait(false);
        var answer = Json(row);
        answer["token"] = token;
        return HttpResults.Json(answer, ForestJson.Options, statusCode: 201);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, Guid id)
    {
        var (user, store) = Caller(http);
        var row = await store.AccessTokens.SingleOrDefaultAsync(t => t.Id == id, http.RequestAborted).ConfigureAwait(false);
        if (row is null || (row.UserId != user.Id && !AdminGate.IsAdmin(user)))
        {
            throw ForestRequestException.NotFound($"No token {id} of yours.");
        }

        row.RevokedAt ??= http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await store.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
        await Audit(http, user, ActivityKind.TokenRevoked, $"personal access token '{row.Name}' ({row.Prefix}…) of {row.UserEmail} revoked", 200).ConfigureAwait(false);
        return HttpResults.Json(Json(row), ForestJson.Options);
    }

    private static Task Audit(HttpContext http, ForestUser user, string kind, string outcome, int status) =>
        http.RequestServices.GetRequiredService<ActivityLog>().RecordSecurityAsync(kind, user.Id, user.Email, $"{http.Request.Method} {http.Request.Path}", outcome, status);

    private static (ForestUser User, ForestStoreContext Store) Caller(HttpContext http) => StoreCaller.Of(http, "Personal access tokens");

    private static JsonObject Json(StoredAccessToken row) => new()
    {
        ["id"] = row.Id.ToString(),
        ["name"] = row.Name,
        ["prefix"] = row.Prefix,
        ["user"] = new JsonObject { ["id"] = row.UserId, ["email"] = row.UserEmail },
        ["createdAt"] = Errors.ForestJson.Iso(row.CreatedAt),
        ["expiresAt"] = row.ExpiresAt is { } expires ? Errors.ForestJson.Iso(expires) : null,
        ["lastUsedAt"] = row.LastUsedAt is { } used ? Errors.ForestJson.Iso(used) : null,
        ["revokedAt"] = row.RevokedAt is { } revoked ? Errors.ForestJson.Iso(revoked) : null,
    };
}
