using Forest.Mvc.Actions;
using Microsoft.AspNetCore.Builder;

namespace Forest.Mvc.Hosting;

/// <summary>
/// The builder <c>MapForest()</c> returns: a convention added to it reaches the <c>/forest</c> routes, the form hooks,
/// the console, and the smart action endpoints and their form hook routes among the application's controllers (only those: the controllers'
/// builder is shared with the application's own controllers, so conventions are applied to smart actions alone).
/// </summary>
internal sealed class ForestEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders, IEndpointConventionBuilder controllers) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        ArgumentNullException.ThrowIfNull(convention);
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }

        controllers.Add(endpoint => Apply(endpoint, convention));
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        ArgumentNullException.ThrowIfNull(finallyConvention);
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }

        controllers.Finally(endpoint => Apply(endpoint, finallyConvention));
    }

    private static void Apply(EndpointBuilder endpoint, Action<EndpointBuilder> convention)
    {
        if (endpoint.Metadata.Any(m => m is SmartActionDescriptor or ISmartActionMetadata or Forms.FormHookRoute))
        {
            convention(endpoint);
        }
    }
}
