using Forest.Mvc.Schema;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Hosting;

/// <summary>What <see cref="ForestBuilder"/> recorded; also the marker that <c>AddForest</c> was called.</summary>
internal sealed class ForestSetup
{
    public Type? DbContextType { get; set; }

    public ForestModelBuilder Model { get; } = new();

    public List<ForestUserSeed> Users { get; } = [];

    public List<RoleBuilder> Roles { get; } = [];

    public List<ScopeSeed> Scopes { get; } = [];

    public bool HasStore { get; set; }

    /// <summary>The store's provider configuration given to <c>AddStore</c> (add-ons that share its database read it).</summary>
    public Action<Microsoft.EntityFrameworkCore.DbContextOptionsBuilder>? StoreOptions { get; set; }

    /// <summary>
    /// The add-on features registered (<c>jobs</c>, <c>mcp</c>): the console shows their screens, and the declarations
    /// that need one fail at startup without it.
    /// </summary>
    public HashSet<string> Features { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Routes an add-on adds under <c>/forest</c> (behind the user check, or behind the one that also records a refused
/// token) or beside it with their own authentication; <c>MapForest()</c> maps every registered contribution, and its
/// conventions reach them.
/// </summary>
internal sealed class ForestRouteContribution
{
    /// <summary>Routes behind the signed-in user check.</summary>
    public Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? Secured { get; init; }

    /// <summary>Routes behind the user check that also records a missing or refused token as a security event.</summary>
    public Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? Audited { get; init; }

    /// <summary>Routes outside <c>/forest</c>'s group, with their own authentication; they answer the builders that conventions reach.</summary>
    public Func<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, IEnumerable<Microsoft.AspNetCore.Builder.IEndpointConventionBuilder>>? Outside { get; init; }
}
