using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forest.Mvc.Storage.Migrations;

/// <summary>
/// The store's migrations for the provider in use (see <see cref="StoreProvider"/>): one set per provider, all for
/// the one <see cref="ForestStoreContext"/>, in the assembly of that provider's <see cref="IForestStoreProvider"/>. This
/// replaces EF Core's default lookup, which loads the assembly by name and would take any snapshot.
/// </summary>
internal sealed class ForestMigrationsAssembly(IDbContextOptions options, IMigrationsIdGenerator ids) : IMigrationsAssembly
{
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotRead;

    /// <summary>The assembly of the active provider's <see cref="IForestStoreProvider"/>, set by <see cref="StoreProvider.Configure"/>.</summary>
    public Assembly Assembly => RelationalOptionsExtension.Extract(options).MigrationsAssemblyObject
        ?? throw new InvalidOperationException("The store's options were not configured by StoreProvider.Configure: no migrations assembly.");

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= Find();

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotRead)
            {
                _snapshot = ProviderTypes()
                    .Where(type => type.IsSubclassOf(typeof(ModelSnapshot)))
                    .Select(type => (ModelSnapshot)Activator.CreateInstance(type.AsType())!)
                    .SingleOrDefault();
                _snapshotRead = true;
            }

            return _snapshot;
        }
    }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(ids.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migrationClass);
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> Find()
    {
        var found = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in ProviderTypes().Where(type => type.IsSubclassOf(typeof(Migration))))
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is { } migration)
            {
                found.Add(migration.Id, type);
            }
        }

        return found;
    }

    private IEnumerable<TypeInfo> ProviderTypes()
    {
        return Assembly.DefinedTypes.Where(type => !type.IsAbstract
            && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(ForestStoreContext));
    }
}
