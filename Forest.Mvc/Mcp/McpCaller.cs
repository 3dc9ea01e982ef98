namespace Forest.Mvc.Mcp;

/// <summary>
/// The user of an MCP request, authenticated once by <see cref="McpEndpoints"/>; the tool calls run on
/// sub-requests that carry it (the action's pipeline takes it instead of reading a token again). The activity log
/// records its source (<c>mcp</c>), the tool and the token.
/// </summary>
internal sealed class McpCaller(ForestUser user, string token)
{
    public const string Source = "mcp";

    public ForestUser User { get; } = user;

    /// <summary>How the agent authenticated: <c>session</c>, or <c>pat:&lt;id&gt; (&lt;name&gt;)</c> for a personal access token.</summary>
    public string Token { get; } = token;

    /// <summary>The tool being called, once known.</summary>
    public string? Tool { get; set; }

    /// <summary>Whether the call reached a smart action's pipeline (which writes its own activity lines).</summary>
    public bool ReachedAction { get; set; }
}
