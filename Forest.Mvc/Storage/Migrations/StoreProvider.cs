using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forest.Mvc.Storage.Migrations;

/// <summary>
/// Where the store's migrations of each provider live, following EF Core's guidance for several providers: the
/// SQLite ones in this assembly (they need nothing of the provider), the PostgreSQL and SQL Server ones in their
/// own assemblies (<c>Forest.Mvc.PostgreSql</c>, <c>Forest.Mvc.SqlServer</c>), which reference their provider.
/// </summary>
internal static class StoreProvider
{
    /// <summary>The table that lists the store's applied migrations (not EF Core's default, which the host's own migrations may use in the same database).</summary>
    public const string HistoryTable = "forest_migrations";

    /// <summary>
    /// The statements that take and release a lock held by the connection for the whole startup of an instance
    /// (migrations and seeding), for the providers whose EF Core migration lock does not cover it: Npgsql's lasts
    /// one migration's transaction, so three instances starting together each applied a later migration.
    /// SQLite's EF Core lock lasts the whole migration and its seeding runs in <c>BEGIN IMMEDIATE</c>.
    /// </summary>
    public static (string Take, string Release)? StartupLock(string? providerName) => providerName switch
    {
        "Npgsql.EntityFrameworkCore.PostgreSQL" => ("SELECT pg_advisory_lock(7308331960591425090)", "SELECT pg_advisory_unlock(7308331960591425090)"),
        "Microsoft.EntityFrameworkCore.SqlServer" => (
            "EXEC sp_getapplock @Resource = 'forest_startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
            "EXEC sp_releaseapplock @Resource = 'forest_startup', @LockOwner = 'Session'"),
        _ => null,
    };

    private static readonly Dictionary<string, (string Assembly, string Namespace, string Name)> Known = new(StringComparer.Ordinal)
    {
        ["Microsoft.EntityFrameworkCore.Sqlite"] = ("Forest.Mvc", "Forest.Mvc.Storage.Migrations.Sqlite", "SQLite"),
        ["Npgsql.EntityFrameworkCore.PostgreSQL"] = ("Forest.Mvc.PostgreSql", "Forest.Mvc.PostgreSql.Migrations", "PostgreSQL"),
        ["Microsoft.EntityFrameworkCore.SqlServer"] = ("Forest.Mvc.SqlServer", "Forest.Mvc.SqlServer.Migrations", "SQL Server"),
    };

    /// <summary>The assembly and namespace of the migrations of <paramref name="providerName"/>.</summary>
    /// <exception cref="InvalidOperationException">The store has no migrations for this provider, or their package is not referenced.</exception>
    public static (Assembly Assembly, string Namespace) Migrations(string? providerName)
    {
        if (providerName is null || !Known.TryGetValue(providerName, out var known))
        {
            throw new InvalidOperationException(
                $"The Forest.Mvc store has migrations for SQLite, PostgreSQL and SQL Server, not for '{providerName}'. " +
                "Use one of them in AddStore(...), or set Forest:MigrateStoreOnStartup to false and create the tables yourself (docs/production.md).");
        }

        try
        {
            return (Assembly.Load(new AssemblyName(known.Assembly)), known.Namespace);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidOperationException($"The Forest.Mvc store runs on {known.Name}: add the package {known.Assembly}, which holds the store's migrations for it.");
        }
    }

    /// <summary>
    /// Applies the store's settings once the provider is chosen: its own history table, the migrations assembly of
    /// the provider, and the lookup of that provider's migrations.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options)
    {
        var relational = options.Options.Extensions.OfType<RelationalOptionsExtension>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddStore(...) needs an EF Core relational provider, e.g. o => o.UseSqlite(\"Data Source=forest.db\") or o.UseNpgsql(...).");
        var configured = relational.WithMigrationsHistoryTableName(HistoryTable);

        // Each provider's extension lives in the assembly named like the provider (dotnet ef checks the assembly).
        if (relational.GetType().Assembly.GetName().Name is { } provider && Known.TryGetValue(provider, out var known))
        {
            configured = configured.WithMigrationsAssembly(known.Assembly);
        }

        // The options are keyed by the provider's own extension type, known only at run time.
        AddOrUpdate.MakeGenericMethod(configured.GetType()).Invoke(options, [configured]);
        options.ReplaceService<IMigrationsAssembly, ForestMigrationsAssembly>();
    }

    private static readonly MethodInfo AddOrUpdate = typeof(IDbContextOptionsBuilderInfrastructure)
        .GetMethod(nameof(IDbContextOptionsBuilderInfrastructure.AddOrUpdateExtension))!;
}
