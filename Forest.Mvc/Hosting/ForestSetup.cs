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
}
