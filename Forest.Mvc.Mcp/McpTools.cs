using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The tools a user sees, built at <c>tools/list</c> time from the same registry as the schema: the read tools, and
/// one tool per smart action this user may trigger (never one listed in <see cref="ForestMcpOptions.ExcludedActions"/>).
/// </summary>
internal static class McpTools
{
    public const string ListCollections = "list_collections";
    public const string DescribeCollection = "describe_collection";
    public const string SearchRecords = "search_records";
    public const string CountRecords = "count_records";
    public const string GetRecord = "get_record";

    private static readonly JsonObject Collection = new() { ["type"] = "string", ["description"] = "The collection's name, as list_collections gives it." };

    private static readonly JsonObject Filter = new()
    {
        ["type"] = "object",
        ["description"] = "A condition tree: {\"field\":\"status\",\"operator\":\"equal\",\"value\":\"live\"}, or {\"aggregator\":\"and\"|\"or\",\"conditions\":[…]}. Operators: equal, not_equal, greater_than, less_than, contains, starts_with, ends_with, in, not_in, present, blank, before, after…",
    };

    /// <summary>The read tools, the same for every user (their answers are scoped to the user).</summary>
    public static IEnumerable<Tool> ReadTools(int maxRows)
    {
        yield return Tool(ListCollections, "Lists the collections (tables) of the admin, with their number of fields and actions.", new JsonObject());
        yield return Tool(DescribeCollection, "Describes a collection: its fields (name, type, enum values, references to other collections), its segments, and the action tools this user may call on it.", new JsonObject { ["collection"] = Collection.DeepClone() }, "collection");
        yield return Tool(SearchRecords, $"Searches the records of a collection that this user may see: a filter (condition tree), a full-text search, a segment, a sort (a field, '-field' for descending) and a page. At most {maxRows} rows per call.", new JsonObject
        {
            ["collection"] = Collection.DeepClone(),
            ["filter"] = Filter.DeepClone(),
            ["search"] = new JsonObject { ["type"] = "string", ["description"] = "Words searched in the text fields." },
            ["segment"] = new JsonObject { ["type"] = "string", ["description"] = "A segment's name, as describe_collection gives it." },
            ["sort"] = new JsonObject { ["type"] = "string", ["description"] = "A field to sort on; prefix with '-' for descending." },
            ["page"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "The page number, from 1." },
            ["page_size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = maxRows, ["description"] = $"Rows per page, {maxRows} at most." },
        }, "collection");
        yield return Tool(CountRecords, "Counts the records of a collection that this user may see, with the same filter, search and segment as search_records.", new JsonObject
        {
            ["collection"] = Collection.DeepClone(),
            ["filter"] = Filter.DeepClone(),
            ["search"] = new JsonObject { ["type"] = "string" },
            ["segment"] = new JsonObject { ["type"] = "string" },
        }, "collection");
        yield return Tool(GetRecord, "Reads one record by its id, if this user may see it.", new JsonObject
        {
            ["collection"] = Collection.DeepClone(),
            ["id"] = new JsonObject { ["type"] = "string", ["description"] = "The record's id." },
        }, "collection", "id");
    }

    /// <summary>The smart actions this user may trigger, less those <see cref="ForestMcpOptions.ExcludedActions"/> names.</summary>
    public static async Task<IReadOnlyList<ForestActionDescriptor>> ActionsOfAsync(McpRequest mcp)
    {
        var excluded = mcp.Options.ExcludedActions;
        return [.. (await mcp.Agent.ActionsAsync().ConfigureAwait(false)).Where(a => !IsExcluded(excluded, a))];
    }

    public static bool IsExcluded(IList<string> excluded, ForestActionDescriptor action) =>
        excluded.Any(e => e == $"{action.Collection.Name}/{action.Name}" || e == $"{action.Collection.Name}/*" || e == McpActionSchema.ToolName(action));

    public static Tool ActionTool(ForestActionDescriptor action) => new()
    {
        Name = McpActionSchema.ToolName(action),
        Title = $"{action.Name} ({action.Collection.Name})",
        Description = McpActionSchema.Description(action),
        InputSchema = McpActionSchema.InputSchema(action),
    };

    /// <summary>A tool that changes nothing (annotated <c>readOnlyHint</c>).</summary>
    public static Tool ReadOnly(string name, string description, JsonObject properties, params string[] required) => Tool(name, description, properties, required);

    private static Tool Tool(string name, string description, JsonObject properties, params string[] required) => new()
    {
        Name = name,
        Description = description,
        InputSchema = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
            ["additionalProperties"] = false,
        }),
        Annotations = new ToolAnnotations { ReadOnlyHint = true },
    };
}
