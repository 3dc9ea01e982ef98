using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Forest.Mvc.Mcp;

/// <summary>
/// Registers the official MCP C# SDK's server (Streamable HTTP, stateless): <c>tools/list</c> and <c>tools/call</c>
/// are answered per user from the registry. It is mapped only when <see cref="ForestMcpOptions.Enabled"/>.
/// </summary>
internal static class McpServerSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddMcpServer(server =>
            {
                server.ServerInfo = new Implementation { Name = "Forest.Mvc", Version = typeof(McpServerSetup).Assembly.GetName().Version?.ToString(3) ?? "0" };
                server.ServerInstructions = "Tools over the back-office of this application: read its collections (list_collections, describe_collection, search_records, count_records, get_record) and run its smart actions, one tool each, with the permissions of the user whose token you use. An action that needs an approval does not run until a human approves it.";
            })
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithListToolsHandler(ListToolsAsync)
            .WithCallToolHandler(CallToolAsync);
    }

    private static async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        var mcp = Request(context.Services);
        var tools = McpTools.ReadTools(mcp.Options.MaxRows).Concat(McpWorkflowTools.All(mcp.Services.GetRequiredService<IBackgroundJobList>().IsAvailable)).ToList();
        tools.AddRange((await McpTools.ActionsOfAsync(mcp).ConfigureAwait(false)).Select(McpTools.ActionTool));
        return new ListToolsResult { Tools = tools };
    }

    private static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken) =>
        await McpToolCalls.CallAsync(Request(context.Services), context.Params ?? throw new ForestRequestException(400, ForestErrorNames.Validation, "tools/call without params.")).ConfigureAwait(false);

    /// <summary>The MCP request (filled by <see cref="McpEndpoints"/> before the SDK runs, on the request's services).</summary>
    private static McpRequest Request(IServiceProvider? services) =>
        services?.GetService<McpRequest>() ?? throw new InvalidOperationException("The MCP request's services are not available.");
}
