using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The read tools: the model's collections, and records read as the read routes read them
/// (<see cref="ForestAgentGateway"/>: filters, search, segments, the caller's scope and every limit), answered as
/// plain rows rather than JSON:API.
/// </summary>
internal static class McpReads
{
    private static readonly string[] FieldKeys = ["reference", "enums", "isRequired", "isReadOnly", "isFilterable", "isSortable", "isPrimaryKey"];

    public static CallToolResult ListCollections(McpRequest mcp)
    {
        var model = mcp.Services.GetRequiredService<ForestModel>();
        var collections = new JsonArray([.. model.Collections.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["fields"] = c.Fields.Count,
            ["actions"] = model.Actions.Count(a => a.Collection == c),
        })]);
        return McpResults.Json(new JsonObject { ["collections"] = collections });
    }

    public static async Task<CallToolResult> DescribeAsync(McpRequest mcp, string name)
    {
        var collection = mcp.Agent.Schema(name);
        var fields = new JsonArray();
        foreach (var field in collection["fields"]?.AsArray() ?? [])
        {
            var described = new JsonObject { ["field"] = field?["field"]?.DeepClone(), ["type"] = field?["type"]?.DeepClone() };
            foreach (var key in FieldKeys)
            {
                if (field?[key] is { } value && value.GetValueKind() is not (JsonValueKind.Null or JsonValueKind.False))
                {
                    described[key] = value.DeepClone();
                }
            }

            fields.Add(described);
        }

        var segments = new JsonArray([.. (collection["segments"]?.AsArray() ?? []).Select(s => (JsonNode?)s?["name"]?.DeepClone())]);
        var actions = (await McpTools.ActionsOfAsync(mcp).ConfigureAwait(false)).Where(a => a.Collection.Name == name);
        return McpResults.Json(new JsonObject
        {
            ["collection"] = name,
            ["fields"] = fields,
            ["segments"] = segments,
            ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["tool"] = McpActionSchema.ToolName(a),
                ["type"] = a.Type.ToString().ToLowerInvariant(),
                ["description"] = a.Description,
            })]),
        });
    }

    public static async Task<CallToolResult> SearchAsync(McpRequest mcp, JsonObject args)
    {
        var maxRows = mcp.Options.MaxRows;
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var size = args["page_size"] is JsonValue value && value.TryGetValue<int>(out var asked) ? asked : maxRows;
        if (size < 1 || size > maxRows)
        {
            throw McpToolCalls.BadRequest($"page_size is {size}: between 1 and {maxRows} rows per call.");
        }

        var records = await mcp.Agent.ListAsync(name, McpToolCalls.Parameters(args, size)).ConfigureAwait(false);
        var rows = new JsonArray([.. records.Select(r => (JsonNode)r)]);
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

    public static async Task<CallToolResult> CountAsync(McpRequest mcp, JsonObject args)
    {
        var name = McpToolCalls.Text(args, "collection", required: true)!;
        var count = await mcp.Agent.CountAsync(name, McpToolCalls.Parameters(args, null)).ConfigureAwait(false);
        return McpResults.Json(new JsonObject { ["collection"] = name, ["count"] = count });
    }

    public static async Task<CallToolResult> GetAsync(McpRequest mcp, string name, string id) =>
        McpResults.Json(new JsonObject { ["collection"] = name, ["record"] = await mcp.Agent.GetAsync(name, id).ConfigureAwait(false) });
}
