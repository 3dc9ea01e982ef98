using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Discovery;
using Forest.Mvc.Records;

namespace Forest.Mvc.Management;

/// <summary>The collection settings of actions (visibility, enable condition) and the scopes, for administrators.</summary>
internal static class SettingsEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/settings", ListSettingsAsync);
        admin.MapPut("/settings/{collection}/{action}", PutSettingAsync);
        admin.MapGet("/scopes", async (IStoreAccess access) => HttpResults.Json(
            (await access.Require(AdminGate.Feature).Scopes.AsNoTracking().OrderBy(s => s.Collection).ToListAsync().ConfigureAwait(false)).Select(Scope).ToList(), ForestJson.Options));
        admin.MapPut("/scopes", PutScopesAsync);
    }

    private static async Task<IResult> ListSettingsAsync(IStoreAccess access, ForestRegistry registry)
    {
        var store = access.Require(AdminGate.Feature);
        var stored = await store.ActionSettings.AsNoTracking().ToListAsync().ConfigureAwait(false);
        return HttpResults.Json(registry.Actions.OrderBy(a => a.Collection).ThenBy(a => a.Name).Select(a =>
        {
            var setting = stored.FirstOrDefault(s => s.Collection == a.Collection && s.Action == a.Name);
            var rule = registry.GetCollection(a).EnableRules.TryGetValue(a.Name, out var r) ? r.Reason : null;
            return new JsonObject
            {
                ["collection"] = a.Collection,
                ["action"] = a.Name,
                ["visible"] = setting?.IsVisible ?? true,
                ["enableCondition"] = setting?.EnableCondition is { } condition ? JsonNode.Parse(condition) : null,
                ["disabledReason"] = setting?.DisabledReason,
                ["codeRule"] = rule,
            };
        }).ToList(), ForestJson.Options);
    }

    private static async Task<IResult> PutSettingAsync(HttpContext http, IStoreAccess access, ForestRegistry registry, string collection, string action)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonObject>(http, "{\"visible\": true, \"enableCondition\": {…}, \"disabledReason\": \"…\"}").ConfigureAwait(false);
        if (!registry.Actions.Any(a => a.Collection == collection && a.Name == action))
        {
            throw ForestRequestException.NotFound($"'{collection}' has no action '{action}'.");
        }

        var condition = ManagementEndpoints.Condition(body, "enableCondition");
        ConditionCheck.Ensure(registry, collection, condition, "enableCondition");
        var setting = await store.ActionSettings.FirstOrDefaultAsync(s => s.Collection == collection && s.Action == action).ConfigureAwait(false);
        if (setting is null)
        {
            setting = new StoredActionSetting { Collection = collection, Action = action };
            store.ActionSettings.Add(setting);
        }

        setting.IsVisible = body.ContainsKey("visible") ? ManagementEndpoints.Flag(body, "visible", "body") : setting.IsVisible;
        setting.EnableCondition = condition;
        setting.DisabledReason = ManagementEndpoints.Text(body, "disabledReason", "body");
        await store.SaveChangesAsync().ConfigureAwait(false);
        return await ListSettingsAsync(access, registry).ConfigureAwait(false);
    }

    private static JsonObject Scope(StoredScope s) => new()
    {
        ["id"] = s.Id,
        ["collection"] = s.Collection,
        ["role"] = s.Role,
        ["team"] = s.Team,
        ["filter"] = JsonNode.Parse(s.Filter),
    };

    private static async Task<IResult> PutScopesAsync(HttpContext http, IStoreAccess access, ForestRegistry registry)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonArray>(http, "an array of scopes").ConfigureAwait(false);
        var scopes = new List<StoredScope>();
        for (var i = 0; i < body.Count; i++)
        {
            var what = $"scopes[{i}]";
            var entry = body[i] as JsonObject ?? throw ForestRequestException.BadRequest($"{what} must be an object.");
            var collection = ManagementEndpoints.Text(entry, "collection", what) ?? throw ForestRequestException.BadRequest($"{what}.collection is required.");
            var filter = ManagementEndpoints.Condition(entry, "filter") ?? throw ForestRequestException.BadRequest($"{what}.filter is required.");
            var scope = new StoredScope { Collection = collection, Role = ManagementEndpoints.Text(entry, "role", what), Team = ManagementEndpoints.Text(entry, "team", what), Filter = filter };
            if (scope.Role is null && scope.Team is null)
            {
                throw ForestRequestException.BadRequest($"{what}: a scope applies to a role or a team; set one of them.");
            }

            ConditionCheck.Ensure(registry, collection, filter, $"{what}.filter");
            scopes.Add(scope);
        }

        await store.Scopes.ExecuteDeleteAsync().ConfigureAwait(false);
        store.Scopes.AddRange(scopes);
        await store.SaveChangesAsync().ConfigureAwait(false);
        return HttpResults.Json(scopes.Select(Scope).ToList(), ForestJson.Options);
    }
}
