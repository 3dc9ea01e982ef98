using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The MCP request being served, as its tool calls need it: the agent gateway (authenticated by
/// <see cref="McpEndpoints"/> before the SDK runs its handlers on the request's services), the services and the options.
/// </summary>
internal sealed class McpRequest(IServiceProvider services, IOptions<ForestOptions> options)
{
    /// <summary>The protocol's name, as the activity log names the calls' source.</summary>
    public const string Source = "mcp";

    public IServiceProvider Services => services;

    public ForestAgentGateway Agent { get; } = services.GetRequiredService<ForestAgentGateway>();

    public ForestMcpOptions Options => options.Value.Mcp;

    public ForestUser User => Agent.User;

    public CancellationToken Aborted => Agent.Aborted;
}
