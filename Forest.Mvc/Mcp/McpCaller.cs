namespace Forest.Mvc.Mcp;

/// <summary>
/// The user of an MCP request, authenticated once by <see cref="McpEndpoints"/>, and how the agent authenticated.
/// Each tool call is made as <see cref="Agent"/>: the activity log records its source (<c>mcp</c>), the tool and the token.
/// </summary>
internal sealed class McpCaller(ForestUser user, string token)
{
    public const string Source = "mcp";

    public ForestUser User { get; } = user;

    /// <summary>How the agent authenticated: <c>session</c>, or <c>pat:&lt;id&gt; (&lt;name&gt;)</c> for a personal access token.</summary>
    public string Token { get; } = token;

    /// <summary>The agent calling <paramref name="tool"/>.</summary>
    public Invocation.InvocationAgent Agent(string? tool) => new(Source, Token, tool);
}

/// <summary>The source of an MCP tool call: counted against the rate limit, held for approval like a console call, queued when background.</summary>
internal static class McpSource
{
    public static Invocation.InvocationSource Instance { get; } = new(McpCaller.Source) { CountsAgainstRateLimit = true, MayRequestApproval = true, MayQueue = true };
}
