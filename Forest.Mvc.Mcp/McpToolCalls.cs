using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// Runs a tool call. Reads call the records layer as the read routes do; smart actions are calls of their own
/// (source <c>mcp</c>) through the action's pipeline: the same checks, scope and audit as a click in the console.
/// </summary>
internal static class McpToolCalls
{
    public static async ValueTask<CallToolResult> CallAsync(McpRequest mcp, CallToolRequestParams request)
    {
        var args = new JsonObject();
        foreach (var (key, value) in request.Arguments ?? new Dictionary<string, JsonElement>())
        {
            args[key] = JsonNode.Parse(value.GetRawText());
        }

        var call = new ToolCall(mcp, request.Name, args);
        var result = await DispatchAsync(call).ConfigureAwait(false);
        if (!call.ReachedAction)
        {
            // Reads, and action calls refused before the action's pipeline: one line each (the pipeline writes its own).
            var outcome = result.IsError == true ? "refused: " + string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)) : "answered";
            await mcp.Agent.RecordCallAsync(request.Name, outcome, result.IsError == true ? 400 : 200).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<CallToolResult> DispatchAsync(ToolCall call)
    {
        var (mcp, args) = (call.Mcp, call.Args);
        try
        {
            return call.Name switch
            {
                McpTools.ListCollections => McpReads.ListCollections(mcp),
                McpTools.DescribeCollection => await McpReads.DescribeAsync(mcp, Text(args, "collection", required: true)!).ConfigureAwait(false),
                McpTools.SearchRecords => await McpReads.SearchAsync(mcp, args).ConfigureAwait(false),
                McpTools.CountRecords => await McpReads.CountAsync(mcp, args).ConfigureAwait(false),
                McpTools.GetRecord => await McpReads.GetAsync(mcp, Text(args, "collection", required: true)!, Text(args, "id", required: true)!).ConfigureAwait(false),
                McpWorkflowTools.GetActionForm => await McpWorkflowTools.FormAsync(mcp, args).ConfigureAwait(false),
                McpWorkflowTools.GetApprovalStatus => await McpWorkflowTools.ApprovalAsync(mcp, args).ConfigureAwait(false),
                McpWorkflowTools.ListMyJobs => await McpWorkflowTools.JobsAsync(mcp, args).ConfigureAwait(false),
                _ => await RunActionAsync(call).ConfigureAwait(false),
            };
        }
        catch (ForestRequestException refusal)
        {
            return McpResults.Error(refusal.Message, new JsonObject { ["status"] = refusal.Status, ["name"] = refusal.Name });
        }
        catch (Exception failure) when (!mcp.Aborted.IsCancellationRequested && ForestRouteHelpers.IsUnavailable(failure))
        {
            // Fail closed: nothing ran; the agent is told to retry, as a client of the API gets a 503.
            return McpResults.Error("The database is unavailable or busy: nothing was done. Retry in a few seconds.", new JsonObject { ["status"] = 503, ["name"] = "ServiceUnavailableError" });
        }
    }

    /// <summary>A string argument; a missing required one is a 400 naming it.</summary>
    public static string? Text(JsonObject args, string name, bool required = false) => args[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null when !required => null,
        null => throw BadRequest($"The argument '{name}' is required."),
        _ => throw BadRequest($"The argument '{name}' must be a string."),
    };

    /// <summary>
    /// An action tool: the arguments become the call's request as they are (no JSON:API body), and the call runs
    /// through the action's pipeline in a scope of its own, as the MCP request's user and agent.
    /// </summary>
    private static async Task<CallToolResult> RunActionAsync(ToolCall call)
    {
        var (mcp, tool, args) = (call.Mcp, call.Name, call.Args);
        var action = await ActionAsync(mcp, tool, "tool").ConfigureAwait(false);
        var unknown = args.Select(a => a.Key).FirstOrDefault(k => k is not ("ids" or "filter" or "values"));
        if (unknown is not null)
        {
            throw BadRequest($"Unknown argument '{unknown}': {tool} takes ids, filter and values.");
        }

        var filter = args["filter"];
        if (filter is not null and not JsonObject)
        {
            throw BadRequest("The argument 'filter' must be an object (a condition tree).");
        }

        call.ReachedAction = true;
        var answer = await mcp.Agent.InvokeAsync(new ForestAgentActionCall
        {
            Action = action,
            Tool = tool,
            Ids = Element(args["ids"]),
            Values = Element(args["values"]),
            Filter = filter as JsonObject,
        }).ConfigureAwait(false);
        return await McpResults.FromActionAsync(mcp, answer, action).ConfigureAwait(false);
    }

    /// <summary>The action of a tool this user may call; a 404 naming what to do otherwise.</summary>
    public static async Task<ForestActionDescriptor> ActionAsync(McpRequest mcp, string tool, string what) =>
        (await McpTools.ActionsOfAsync(mcp).ConfigureAwait(false)).FirstOrDefault(a => McpActionSchema.ToolName(a) == tool)
        ?? throw new ForestRequestException(404, ForestErrorNames.NotFound, what == "tool"
            ? $"There is no tool '{tool}' for you: call tools/list for the tools you may use."
            : $"There is no action tool '{tool}' for you.");

    /// <summary>A 400 naming the argument that is wrong.</summary>
    public static ForestRequestException BadRequest(string detail) => new(400, ForestErrorNames.Validation, detail);

    /// <summary>An argument as JSON (missing: undefined).</summary>
    public static JsonElement Element(JsonNode? node) => node is null ? default : JsonSerializer.SerializeToElement(node);

    /// <summary>One tool call of the MCP request, and whether it reached an action's pipeline (which audits it).</summary>
    private sealed record ToolCall(McpRequest Mcp, string Name, JsonObject Args)
    {
        public bool ReachedAction { get; set; }
    }

    /// <summary>The parameters of a read: filter, search, segment, sort and page, as the read routes take them.</summary>
    public static IQueryCollection Parameters(JsonObject args, int? pageSize)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["filters"] = args["filter"] is JsonObject { Count: > 0 } filter ? filter.ToJsonString() : null,
            ["search"] = Text(args, "search"),
            ["segment"] = Text(args, "segment"),
            ["sort"] = Text(args, "sort"),
            ["page[number]"] = args["page"]?.ToJsonString(),
            ["page[size]"] = pageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new QueryCollection(parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => new Microsoft.Extensions.Primitives.StringValues(p.Value)));
    }
}
