namespace Forest.Mvc;

/// <summary>
/// The names of the add-on features the core knows of (<see cref="ForestBuilder.AddFeature"/>): the console shows
/// their screens, and the startup checks a declaration that needs one (an action with <c>Background = true</c>).
/// </summary>
public static class ForestFeatures
{
    /// <summary>Background actions (<c>Forest.Mvc.Jobs</c>, <c>AddBackgroundJobs()</c>).</summary>
    public const string BackgroundJobs = "jobs";

    /// <summary>The MCP server for AI agents (<c>Forest.Mvc.Mcp</c>, <c>AddMcpServer()</c>).</summary>
    public const string Mcp = "mcp";
}
