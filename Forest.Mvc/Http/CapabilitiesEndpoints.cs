using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Discovery;
using Forest.Mvc.Records;

namespace Forest.Mvc.Http;

/// <summary>
/// <c>POST /forest/_internal/capabilities</c> with <c>{"collectionNames": [...]}</c>: for each named collection, its
/// columns with their Forest type and the filter operators the server really implements on them (the same
/// <see cref="FilterTranslator"/> that runs lists, counts and selections), in the shape Forest's agents answer.
/// </summary>
internal static class CapabilitiesEndpoints
{
    private const int MaxCollectionNames = 1_000;

    public static void Map(RouteGroupBuilder group) => group.MapPost("/_internal/capabilities", (Delegate)CapabilitiesAsync);

    private static async Task<IResult> CapabilitiesAsync(HttpContext http)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var body = await JsonBody.ReadAsync(http, JsonBody.SmallBodyBytes).ConfigureAwait(false);
        var names = CollectionNames(body);
        var collections = new JsonArray();
        foreach (var collection in registry.Collections.Where(c => names.Contains(c.Name)))
        {
            var fields = new JsonArray();
            foreach (var field in collection.Fields)
            {
                fields.Add(new JsonObject
                {
                    ["name"] = field.Name,
                    ["type"] = field.ForestType,
                    ["operators"] = new JsonArray([.. FilterTranslator.OperatorsFor(field.ClrType).Select(o => (JsonNode)o)]),
                });
            }

            collections.Add(new JsonObject { ["name"] = collection.Name, ["fields"] = fields });
        }

        return HttpResults.Json(new JsonObject
        {
            ["nativeQueryConnections"] = new JsonArray([.. http.RequestServices.GetRequiredService<LiveQuerySegments>().ConnectionNames.Select(n => (JsonNode)new JsonObject { ["name"] = n })]),
            ["canUseProjectionOnGetOne"] = true,
            ["collections"] = collections,
        }, ForestJson.Options);
    }

    /// <summary><c>collectionNames</c>: a list of strings; absent or empty names no collection, as in Forest's agents.</summary>
    private static HashSet<string> CollectionNames(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Undefined || (body.ValueKind == JsonValueKind.Object && !body.TryGetProperty("collectionNames", out _)))
        {
            return [];
        }

        if (body.ValueKind != JsonValueKind.Object || body.GetProperty("collectionNames") is not { ValueKind: JsonValueKind.Array } list)
        {
            throw ForestRequestException.BadRequest("The body must be {\"collectionNames\": [\"companies\", …]}.");
        }

        if (list.GetArrayLength() > MaxCollectionNames)
        {
            throw ForestRequestException.BadRequest($"collectionNames holds more than {MaxCollectionNames} names.");
        }

        return list.EnumerateArray()
            .Select(name => name.ValueKind == JsonValueKind.String ? name.GetString()! : throw ForestRequestException.BadRequest("collectionNames must hold strings."))
            .ToHashSet(StringComparer.Ordinal);
    }
}
