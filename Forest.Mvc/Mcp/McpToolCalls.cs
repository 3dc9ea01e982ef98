using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// Runs a tool call. Reads call the records layer as the read routes do; smart actions are calls of their own
/// (<see cref="McpSource"/>) through the action's pipeline: the same checks, scope and audit as a click in the console.
/// </summary>
internal static class McpToolCalls
{
    public static async ValueTask<CallToolResult> CallAsync(McpRequest mcp, CallToolRequestParams request)
    {
        var caller = mcp.Caller;
        var agent = caller.Agent(request.Name);
        var args = new JsonObject();
        foreach (var (key, value) in request.Arguments ?? new Dictionary<string, JsonElement>())
        {
            args[key] = JsonNode.Parse(value.GetRawText());
        }

        var options = mcp.Services.GetRequiredService<IOptions<ForestOptions>>().Value.Mcp;
        var call = new ToolCall(mcp, caller, agent, request.Name, args, options);
        var result = await DispatchAsync(call).ConfigureAwait(false);
        if (!call.ReachedAction)
        {
            // Reads, and action calls refused before the action's pipeline: one line each (the pipeline writes its own).
            var outcome = result.IsError == true ? "refused: " + string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)) : "answered";
            await mcp.Services.GetRequiredService<Activity.ActivityLog>().RecordSecurityAsync(
                Activity.ActivityKind.McpCall, caller.User.Id, caller.User.Email, request.Name, outcome, result.IsError == true ? 400 : 200, agent).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<CallToolResult> DispatchAsync(ToolCall call)
    {
        var (mcp, caller, args, options) = (call.Mcp, call.Caller, call.Args, call.Options);
        try
        {
            return call.Name switch
            {
                McpTools.ListCollections => McpReads.ListCollections(mcp),
                McpTools.DescribeCollection => await McpReads.DescribeAsync(mcp, caller.User, Text(args, "collection", required: true)!).ConfigureAwait(false),
                McpTools.SearchRecords => await McpReads.SearchAsync(mcp, caller.User, args, options.MaxRows).ConfigureAwait(false),
                McpTools.CountRecords => await McpReads.CountAsync(mcp, caller.User, args).ConfigureAwait(false),
                McpTools.GetRecord => await McpReads.GetAsync(mcp, caller.User, Text(args, "collection", required: true)!, Text(args, "id", required: true)!).ConfigureAwait(false),
                McpWorkflowTools.GetActionForm => await McpWorkflowTools.FormAsync(mcp, caller, call.Agent, args).ConfigureAwait(false),
                McpWorkflowTools.GetApprovalStatus => await McpWorkflowTools.ApprovalAsync(mcp, caller.User, args).ConfigureAwait(false),
                McpWorkflowTools.ListMyJobs => await McpWorkflowTools.JobsAsync(mcp, caller.User, args).ConfigureAwait(false),
                _ => await RunActionAsync(call).ConfigureAwait(false),
            };
        }
        catch (ForestRequestException refusal)
        {
            return McpResults.Error(refusal.Message, new JsonObject { ["status"] = refusal.Status, ["name"] = refusal.Name });
        }
        catch (Exception failure) when (!mcp.Aborted.IsCancellationRequested && ExceptionClassifier.IsUnavailable(failure))
        {
            // Fail closed: nothing ran; the agent is told to retry, as a client of the API gets a 503.
            return McpResults.Error("The database is unavailable or busy: nothing was done. Retry in a few seconds.", new JsonObject { ["status"] = 503, ["name"] = ExceptionClassifier.ServiceUnavailable });
        }
    }

    /// <summary>A string argument; a missing required one is a 400 naming it.</summary>
    public static string? Text(JsonObject args, string name, bool required = false) => args[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null when !required => null,
        null => throw ForestRequestException.BadRequest($"The argument '{name}' is required."),
        _ => throw ForestRequestException.BadRequest($"The argument '{name}' must be a string."),
    };

    /// <summary>
    /// An action tool: the arguments become the call's request as they are (no JSON:API body), and the call runs
    /// through the action's pipeline in a scope of its own, as the MCP request's user and agent.
    /// </summary>
    private static async Task<CallToolResult> RunActionAsync(ToolCall call)
    {
        var (mcp, tool, args) = (call.Mcp, call.Name, call.Args);
        var action = (await McpTools.ActionsOfAsync(mcp, call.Caller.User).ConfigureAwait(false)).FirstOrDefault(a => McpActionSchema.ToolName(a) == tool)
            ?? throw new ForestRequestException(404, ForestErrorNames.NotFound, $"There is no tool '{tool}' for you: call tools/list for the tools you may use.");
        var unknown = args.Select(a => a.Key).FirstOrDefault(k => k is not ("ids" or "filter" or "values"));
        if (unknown is not null)
        {
            throw ForestRequestException.BadRequest($"Unknown argument '{unknown}': {tool} takes ids, filter and values.");
        }

        var filter = args["filter"];
        if (filter is not null and not JsonObject)
        {
            throw ForestRequestException.BadRequest("The argument 'filter' must be an object (a condition tree).");
        }

        var request = Actions.SmartActionRequest.FromArguments(action, Element(args["ids"]), Element(args["values"]), filter as JsonObject);
        call.ReachedAction = true;
        var answer = await InvokeAsync(mcp, call.Caller.User, call.Agent, action, request, hook: null).ConfigureAwait(false);
        return await McpResults.FromActionAsync(mcp, answer, action, call.Options.MaxEmbeddedFileBytes).ConfigureAwait(false);
    }

    /// <summary>Runs a call of <paramref name="action"/> (or of its hook) made by the agent, in a scope of its own, through the action's pipeline.</summary>
    public static async Task<Invocation.InvocationAnswer> InvokeAsync(McpRequest mcp, ForestUser user, Invocation.InvocationAgent agent, Actions.SmartActionDescriptor action, Actions.SmartActionRequest request, Forms.HookKind? hook)
    {
        await using var scope = mcp.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var invocation = new Invocation.SmartActionInvocation
        {
            Action = action,
            Source = McpSource.Instance,
            Services = scope.ServiceProvider,
            User = user,
            Request = request,
            TimeZone = TimeZoneInfo.Utc,
            CancellationToken = mcp.Aborted,
            Agent = agent,
            Hook = hook,
        };
        return await scope.ServiceProvider.GetRequiredService<Invocation.SmartActionInvoker>().InvokeAsync(invocation, mcp.Origin).ConfigureAwait(false);
    }

    /// <summary>An argument as JSON (missing: undefined).</summary>
    public static JsonElement Element(JsonNode? node) => node is null ? default : JsonSerializer.SerializeToElement(node);

    /// <summary>One tool call of the MCP request, and whether it reached an action's pipeline (which audits it).</summary>
    private sealed record ToolCall(McpRequest Mcp, McpCaller Caller, Invocation.InvocationAgent Agent, string Name, JsonObject Args, ForestMcpOptions Options)
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
