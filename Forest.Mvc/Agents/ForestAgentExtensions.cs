using Forest.Mvc.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forest.Mvc;

/// <summary>Registers what an agent protocol add-on (<c>Forest.Mvc.Mcp</c>) builds on.</summary>
public static class ForestAgentExtensions
{
    /// <summary>
    /// Registers <see cref="ForestAgentGateway"/> (scoped), the personal access tokens of the signed-in user
    /// (<c>GET/POST /forest/tokens</c>, <c>DELETE /forest/tokens/{id}</c>, mapped by <c>MapForest()</c>; they need
    /// <c>AddStore(...)</c>), and the hold that sends an agent's bulk call on more than
    /// <see cref="ForestMcpOptions.MaxRecordsWithoutApproval"/> records to a human. Called by the add-on's own
    /// registration (<c>AddMcpServer()</c>); calling it again changes nothing.
    /// </summary>
    /// <param name="builder">The Forest builder.</param>
    /// <returns>The builder.</returns>
    public static ForestBuilder AddAgentGateway(this ForestBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ForestAgentGateway)))
        {
            return builder;
        }

        services.TryAddScoped<AccessTokens>();
        services.TryAddScoped(provider => new ForestAgentGateway(provider));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Approvals.IApprovalPolicy, AgentApprovalPolicy>());
        services.AddSingleton(new ForestRouteContribution { Secured = AccessTokenEndpoints.Map });
        return builder;
    }
}
