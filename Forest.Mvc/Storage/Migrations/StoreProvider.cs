using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forest.Mvc.Storage.Migrations;

/// <summary>
/// Where the store's migrations of each provider live, following EF Core's guidance for several providers: the
/// SQLite ones in this assembly (they need nothing of the provider), the others in the assembly of a registered
/// <see cref="IForestStoreProvider"/> (<c>Forest.Mvc.PostgreSql</c>, <c>Forest.Mvc.SqlServer</c>), which reference their
/// EF Core provider. Nothing is loaded by name.
/// </summary>
internal static class StoreProvider
{
    /// <summary>The table that lists the store's applied migrations (not EF Core's default, which the host's own migrations may use in the same database).</summary>
    public const string HistoryTable = "forest_migrations";

    /// <summary>The SQLite migrations, in this assembly (they need nothing of the provider).</summary>
    public static readonly IForestStoreProvider Sqlite = new SqliteStoreProvider();

    /// <summary>The engines the store has migrations for in a package of ours, to name the package when it is missing.</summary>
    private static readonly Dictionary<string, (string Name, string Package, string Call)> Packaged = new(StringComparer.Ordinal)
    {
        ["Npgsql.EntityFrameworkCore.PostgreSQL"] = ("PostgreSQL", "Forest.Mvc.PostgreSql", "UsePostgreSqlStore()"),
        ["Microsoft.EntityFrameworkCore.SqlServer"] = ("SQL Server", "Forest.Mvc.SqlServer", "UseSqlServerStore()"),
    };

    /// <summary>The registered provider of the EF Core provider <paramref name="providerName"/>.</summary>
    /// <exception cref="InvalidOperationException">None is registered: the message names the package and the call to add.</exception>
    public static IForestStoreProvider For(string? providerName, IEnumerable<IForestStoreProvider> providers)
    {
        if (providers.FirstOrDefault(p => p.EntityFrameworkProvider == providerName) is { } registered)
        {
            return registered;
        }

        if (providerName is not null && Packaged.TryGetValue(providerName, out var packaged))
        {
            throw new InvalidOperationException(
                $"The Forest.Mvc store runs on {packaged.Name}: add the package {packaged.Package}, which holds the store's migrations for it, " +
                $"and call .{packaged.Call} after AddStore(...).");
        }

        throw new InvalidOperationException(
            $"The Forest.Mvc store has migrations for SQLite, PostgreSQL and SQL Server, not for '{providerName}'. " +
            "Use one of them in AddStore(...), register an IForestStoreProvider for it with UseStoreProvider(...), " +
            "or set Forest:MigrateStoreOnStartup to false and create the tables yourself (docs/production.md).");
    }

    /// <summary>
    /// Applies the store's settings once the provider is chosen: its own history table, the migrations assembly of
    /// the provider, and the lookup of that provider's migrations.
    /// </summary>
    /// <param name="options">The store's options, with the relational provider chosen.</param>
    /// <param name="providers">The registered store providers (SQLite's is always among them).</param>
    public static void Configure(DbContextOptionsBuilder options, IEnumerable<IForestStoreProvider> providers)
    {
        var relational = options.Options.Extensions.OfType<RelationalOptionsExtension>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddStore(...) needs an EF Core relational provider, e.g. o => o.UseSqlite(\"Data Source=forest.db\") or o.UseNpgsql(...).");
        var configured = relational.WithMigrationsHistoryTableName(HistoryTable);

        // Each provider's extension lives in the assembly named like the provider (dotnet ef checks the assembly).
        var provider = For(relational.GetType().Assembly.GetName().Name, providers);
        configured = configured.WithMigrationsAssembly(provider.MigrationsAssembly);

        // The options are keyed by the provider's own extension type, known only at run time.
        AddOrUpdate.MakeGenericMethod(configured.GetType()).Invoke(options, [configured]);
        options.ReplaceService<IMigrationsAssembly, ForestMigrationsAssembly>();
    }

    private sealed class SqliteStoreProvider : IForestStoreProvider
    {
        public string EntityFrameworkProvider => "Microsoft.EntityFrameworkCore.Sqlite";

        public string DisplayName => "SQLite";

        public Assembly MigrationsAssembly => typeof(StoreProvider).Assembly;

        // EF Core's SQLite lock lasts the whole migration, and the seeding runs in BEGIN IMMEDIATE.
        public ForestStartupLock? StartupLock => null;

        public ForestRelaxedCommit? RelaxedCommit { get; } = new SqliteRelaxedCommit();
    }

    private static readonly MethodInfo AddOrUpdate = typeof(IDbContextOptionsBuilderInfrastructure)
        .GetMethod(nameof(IDbContextOptionsBuilderInfrastructure.AddOrUpdateExtension))!;
}
