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

    public bool HasStore => StoreOptions is not null;

    /// <summary>The store's provider configuration given to <c>AddStore</c> (add-ons that share its database read it).</summary>
    public Action<Microsoft.EntityFrameworkCore.DbContextOptionsBuilder>? StoreOptions { get; set; }

    /// <summary>
    /// The add-on features registered (<c>jobs</c>, <c>mcp</c>): the console shows their screens, and the declarations
    /// that need one fail at startup without it.
    /// </summary>
    public HashSet<string> Features { get; } = new(StringComparer.Ordinal);
}
