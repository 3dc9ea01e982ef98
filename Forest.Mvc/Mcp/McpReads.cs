using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The read tools: the schema's collections, and records through the read routes' own handlers (filters, search,
/// segments, the caller's scope and every limit of the routes), answered as plain rows rather than JSON:API.
/// </summary>
internal static class McpReads
{
    public static CallToolResult ListCollections(HttpContext http)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var collections = new JsonArray([.. registry.Collections.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["fields"] = c.Fields.Count,
            ["actions"] = registry.Actions.Count(a => a.Collection == c.Name),
        })]);
        return McpResults.Json(new JsonObject { ["collections"] = collections });
    }

    public static async Task<CallToolResult> DescribeAsync(HttpContext http, ForestUser user, string name)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        _ = registry.FindCollection(name) ?? throw UnknownCollection(registry, name);
        using var schema = JsonDocument.Parse(http.RequestServices.GetRequiredService<SchemaDocument>().Bytes);
        var collection = schema.RootElement.GetProperty("collections").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);
        var fields = new JsonArray();
        foreach (var field in collection.GetProperty("fields").EnumerateArray())
        {
            var described = new JsonObject { ["field"] = field.GetProperty("field").GetString(), ["type"] = JsonNode.Parse(field.GetProperty("type").GetRawText()) };
            foreach (var key in new[] { "reference", "enums", "isRequired", "isReadOnly", "isFilterable", "isSortable", "isPrimaryKey" })
            {
                if (field.TryGetProperty(key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
                {
                    described[key] = JsonNode.Parse(value.GetRawText());
                }
            }

            fields.Add(described);
        }

        var segments = collection.TryGetProperty("segments", out var list)
            ? new JsonArray([.. list.EnumerateArray().Select(s => (JsonNode)s.GetProperty("name").GetString()!)])
            : [];
        var actions = (await McpTools.ActionsOfAsync(http, user).ConfigureAwait(false)).Where(a => a.Collection == name);
        return McpResults.Json(new JsonObject
        {
            ["collection"] = name,
            ["fields"] = fields,
            ["segments"] = segments,
            ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["tool"] = McpActionSchema.ToolName(a),
                ["type"] = a.WireType,
                ["description"] = a.Description,
            })]),
        });
    }

    public static async Task<CallToolResult> SearchAsync(HttpContext http, JsonObject args, int maxRows)
    {
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var size = args["page_size"] is JsonValue value && value.TryGetValue<int>(out var asked) ? asked : maxRows;
        if (size < 1 || size > maxRows)
        {
            throw ForestRequestException.BadRequest($"page_size is {size}: between 1 and {maxRows} rows per call.");
        }

        var sub = McpSubRequest.Create(http, HttpMethods.Get, $"/forest/{name}", McpToolCalls.Query(args, size));
        var rows = Rows((await McpSubRequest.JsonAsync(sub, s => RecordsEndpoints.ListForAsync(s, name)).ConfigureAwait(false))["data"]!.AsArray());
        var page = args["page"] is JsonValue p && p.TryGetValue<int>(out var number) ? number : 1;
        return McpResults.Json(new JsonObject
        {
            ["collection"] = name,
            ["page"] = page,
            ["page_size"] = size,
            ["rows"] = rows,
            ["note"] = rows.Count == size
                ? $"This page is full ({size} rows, at most {maxRows} per call): ask for page {page + 1} for more, or count_records for the total."
                : $"{rows.Count} rows: the last page.",
        });
    }

    public static async Task<CallToolResult> CountAsync(HttpContext http, JsonObject args)
    {
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var sub = McpSubRequest.Create(http, HttpMethods.Get, $"/forest/{name}/count", McpToolCalls.Query(args, null));
        var count = await McpSubRequest.JsonAsync(sub, s => RecordsEndpoints.CountForAsync(s, name)).ConfigureAwait(false);
        return McpResults.Json(new JsonObject { ["collection"] = name, ["count"] = count["count"]!.DeepClone() });
    }

    public static async Task<CallToolResult> GetAsync(HttpContext http, string name, string id)
    {
        var sub = McpSubRequest.Create(http, HttpMethods.Get, $"/forest/{name}/{Uri.EscapeDataString(id)}", "");
        var data = (await McpSubRequest.JsonAsync(sub, s => RecordsEndpoints.GetForAsync(s, name, id)).ConfigureAwait(false))["data"]!;
        return McpResults.Json(new JsonObject { ["collection"] = name, ["record"] = Row(data) });
    }

    private static ForestRequestException UnknownCollection(ForestRegistry registry, string name) =>
        ForestRequestException.NotFound($"'{name}' is not a collection (known: {string.Join(", ", registry.Collections.Select(c => c.Name))}).");

    private static JsonArray Rows(JsonArray data) => new([.. data.Select(item => (JsonNode)Row(item!))]);

    /// <summary>A JSON:API resource as one flat row: its id, its attributes, and the id of each related record.</summary>
    private static JsonObject Row(JsonNode resource)
    {
        var row = new JsonObject { ["id"] = resource["id"]?.DeepClone() };
        foreach (var (key, value) in resource["attributes"]?.AsObject() ?? [])
        {
            row[key] = value?.DeepClone();
        }

        foreach (var (key, value) in resource["relationships"]?.AsObject() ?? [])
        {
            if (value?["data"] is JsonObject related)
            {
                row[key] = related["id"]?.DeepClone();
            }
        }

        return row;
    }
}
