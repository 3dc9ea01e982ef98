using Forest.Mvc.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forest.Mvc;

/// <summary>Registers the MCP server for AI agents (the <c>Forest.Mvc.Mcp</c> package).</summary>
public static class ForestMcpExtensions
{
    /// <summary>
    /// Serves the smart actions and the read routes to AI agents over MCP at <c>/forest/mcp</c> (the official MCP C#
    /// SDK, Streamable HTTP, stateless), through the same pipeline as the console, and personal access tokens for
    /// them (<c>/forest/tokens</c> and the console's "AI agents and tokens" screen). <c>MapForest()</c> maps it.
    /// Tokens and large files need <c>AddStore(...)</c>.
    /// </summary>
    /// <param name="builder">The Forest builder.</param>
    /// <param name="configure">Optional settings, applied after the <c>Forest:Mcp</c> configuration section.</param>
    /// <returns>The builder.</returns>
    public static ForestBuilder AddMcpServer(this ForestBuilder builder, Action<ForestMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.PostConfigure<ForestOptions>(options => configure(options.Mcp));
        }

        if (!builder.AddFeature(ForestFeatures.Mcp))
        {
            return builder;
        }

        builder.AddAgentGateway();
        services.TryAddScoped<McpRequest>();
        McpServerSetup.Add(services);
        services.AddSingleton(new ForestRouteContribution { Outside = McpEndpoints.Map });
        return builder;
    }
}
