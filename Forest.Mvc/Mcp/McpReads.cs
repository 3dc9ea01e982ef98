using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Forest.Mvc.Discovery;
using Forest.Mvc.Http;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The read tools: the schema's collections, and records read by the records layer as the read routes read them
/// (<see cref="RecordReads"/>: filters, search, segments, the caller's scope and every limit), answered as plain rows
/// rather than JSON:API.
/// </summary>
internal static class McpReads
{
    public static CallToolResult ListCollections(McpRequest mcp)
    {
        var registry = mcp.Services.GetRequiredService<ForestRegistry>();
        var collections = new JsonArray([.. registry.Collections.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["fields"] = c.Fields.Count,
            ["actions"] = registry.Actions.Count(a => a.Collection == c.Name),
        })]);
        return McpResults.Json(new JsonObject { ["collections"] = collections });
    }

    public static async Task<CallToolResult> DescribeAsync(McpRequest mcp, ForestUser user, string name)
    {
        var registry = mcp.Services.GetRequiredService<ForestRegistry>();
        _ = registry.FindCollection(name) ?? throw UnknownCollection(registry, name);
        using var schema = JsonDocument.Parse(mcp.Services.GetRequiredService<SchemaDocument>().Bytes);
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
        var actions = (await McpTools.ActionsOfAsync(mcp, user).ConfigureAwait(false)).Where(a => a.Collection == name);
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

    public static async Task<CallToolResult> SearchAsync(McpRequest mcp, ForestUser user, JsonObject args, int maxRows)
    {
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var size = args["page_size"] is JsonValue value && value.TryGetValue<int>(out var asked) ? asked : maxRows;
        if (size < 1 || size > maxRows)
        {
            throw ForestRequestException.BadRequest($"page_size is {size}: between 1 and {maxRows} rows per call.");
        }

        var records = await Reads(mcp).ListAsync(user, name, null, McpToolCalls.Parameters(args, size), mcp.Aborted).ConfigureAwait(false);
        var rows = new JsonArray([.. records.Records.Select(r => (JsonNode)JsonApiWriter.Row(records.Collection, r.Record))]);
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

    public static async Task<CallToolResult> CountAsync(McpRequest mcp, ForestUser user, JsonObject args)
    {
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var count = await Reads(mcp).CountAsync(user, name, null, McpToolCalls.Parameters(args, null), mcp.Aborted).ConfigureAwait(false);
        return McpResults.Json(new JsonObject { ["collection"] = name, ["count"] = count });
    }

    public static async Task<CallToolResult> GetAsync(McpRequest mcp, ForestUser user, string name, string id)
    {
        var record = await Reads(mcp).GetAsync(user, name, id, QueryCollection.Empty, mcp.Aborted).ConfigureAwait(false);
        return McpResults.Json(new JsonObject { ["collection"] = name, ["record"] = JsonApiWriter.Row(record.Collection, record.Records[0].Record) });
    }

    private static RecordReads Reads(McpRequest mcp) => mcp.Services.GetRequiredService<RecordReads>();

    private static ForestRequestException UnknownCollection(ForestRegistry registry, string name) =>
        ForestRequestException.NotFound($"'{name}' is not a collection (known: {string.Join(", ", registry.Collections.Select(c => c.Name))}).");
}
