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

/// <summary>
/// The MCP request being served, as its tool calls need it: its authenticated caller, its services, its
/// cancellation and the address it was reached at. A scoped service, filled by <see cref="McpEndpoints"/> once it
/// authenticated the request and before the SDK runs its handlers on the request's services.
/// </summary>
internal sealed class McpRequest
{
    private McpCaller? _caller;

    public McpCaller Caller => _caller ?? throw new InvalidOperationException("The MCP request was not authenticated.");

    public IServiceProvider Services { get; private set; } = null!;

    public CancellationToken Aborted { get; private set; }

    /// <summary>The address the client reached the application at, and from where.</summary>
    public Invocation.InvocationOrigin Origin { get; private set; } = null!;

    /// <summary>The origin as a URL prefix (scheme, host and path base), for absolute links.</summary>
    public string OriginUrl => $"{Origin.Scheme}://{Origin.Host}{Origin.PathBase}";

    internal void Start(Microsoft.AspNetCore.Http.HttpContext http, McpCaller caller)
    {
        _caller = caller;
        Services = http.RequestServices;
        Aborted = http.RequestAborted;
        Origin = Invocation.InvocationOrigin.Of(http);
    }
}
