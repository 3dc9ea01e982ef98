namespace Forest.Mvc;

/// <summary>
/// The MCP server (section <c>Forest:Mcp</c>): AI agents call the smart actions as tools, through the same pipeline
/// as the console (token, scope, permission, conditions, approval, validation, audit).
/// </summary>
public sealed class ForestMcpOptions
{
    /// <summary>
    /// Whether <c>MapForest()</c> maps the MCP endpoint at <c>/forest/mcp</c>, once <c>AddMcpServer()</c> registered
    /// it (without that call there is no MCP endpoint, whatever this says). Set it to false to keep the server
    /// registered but unmapped, e.g. in one environment.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most rows <c>search_records</c> answers (an agent asks for pages).</summary>
    /// <value>Defaults to 50.</value>
    public int MaxRows { get; set; } = 50;

    /// <summary>
    /// Over MCP, a bulk action on more records than this always needs an approval, even for a role that may trigger it
    /// directly: an agent's mistake on a large selection waits for a human.
    /// </summary>
    /// <value>Defaults to 100.</value>
    public int MaxRecordsWithoutApproval { get; set; } = 100;

    /// <summary>Actions never exposed over MCP, as <c>collection/Action name</c> (or <c>collection/*</c>).</summary>
    public IList<string> ExcludedActions { get; } = [];

    /// <summary>The largest file answered inside the tool's result; a larger one is answered as a link.</summary>
    /// <value>Defaults to 256 KiB.</value>
    public int MaxEmbeddedFileBytes { get; set; } = 256 * 1024;

    /// <summary>Calls per token (personal access token or session) over MCP.</summary>
    /// <value>Defaults to 60 calls a minute.</value>
    public ForestRateLimit RateLimit { get; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
}
