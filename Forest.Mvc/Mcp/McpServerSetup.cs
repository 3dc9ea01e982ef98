using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        services.AddHttpContextAccessor();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Approvals.IApprovalPolicy, McpApprovalPolicy>());
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
        var (http, caller) = Caller(context.Services);
        var options = http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value.Mcp;
        var tools = McpTools.ReadTools(options.MaxRows).Concat(McpWorkflowTools.All()).ToList();
        tools.AddRange((await McpTools.ActionsOfAsync(http, caller.User).ConfigureAwait(false)).Select(McpTools.ActionTool));
        return new ListToolsResult { Tools = tools };
    }

    private static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var (http, _) = Caller(context.Services);
        return await McpToolCalls.CallAsync(http, context.Params ?? throw new ForestRequestException(400, ForestErrorNames.Validation, "tools/call without params.")).ConfigureAwait(false);
    }

    /// <summary>The MCP request and its authenticated user (set by <see cref="McpEndpoints"/> before the SDK runs).</summary>
    private static (HttpContext Http, McpCaller Caller) Caller(IServiceProvider? services)
    {
        var http = services?.GetService<IHttpContextAccessor>()?.HttpContext
            ?? throw new InvalidOperationException("The MCP request's HttpContext is not available.");
        return (http, http.Features.Get<McpCaller>() ?? throw new InvalidOperationException("The MCP request was not authenticated."));
    }
}
