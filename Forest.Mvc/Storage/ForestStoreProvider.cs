using System.Reflection;

namespace Forest.Mvc;

/// <summary>
/// A database engine the library's store can live on: the assembly that holds the store's migrations for it, and how
/// instances starting together take turns. SQLite is built in; <c>Forest.Mvc.PostgreSql</c> and
/// <c>Forest.Mvc.SqlServer</c> register theirs with <c>UsePostgreSqlStore()</c> and <c>UseSqlServerStore()</c>; another
/// engine is added with <see cref="ForestBuilder.UseStoreProvider"/>.
/// </summary>
public interface IForestStoreProvider
{
    /// <summary>The EF Core provider this serves, as <c>Database.ProviderName</c> names it (<c>Npgsql.EntityFrameworkCore.PostgreSQL</c>).</summary>
    string EntityFrameworkProvider { get; }

    /// <summary>The engine's name in messages (<c>PostgreSQL</c>).</summary>
    string DisplayName { get; }

    /// <summary>
    /// The assembly that holds the store's migrations for this engine: the migrations and the model snapshot of
    /// <see cref="Storage.ForestStoreContext"/> it declares, one set per assembly.
    /// </summary>
    Assembly MigrationsAssembly { get; }

    /// <summary>
    /// The lock that makes instances starting together migrate and seed one after the other, when EF Core's own
    /// migration lock does not cover the whole startup on this engine; <see langword="null"/> when it does.
    /// </summary>
    ForestStartupLock? StartupLock { get; }

    /// <summary>
    /// How instances hear at once that another changed the rules (<see cref="ForestChangeSignal"/>);
    /// <see langword="null"/> (the default) when the engine has none: instances then read the store's rules version
    /// every <c>Forest:RulesCheckInterval</c>.
    /// </summary>
    ForestChangeSignal? ChangeSignal => null;

    /// <summary>
    /// How the engine commits a batch of activity entries nobody waits for without waiting for the disk
    /// (<see cref="ForestRelaxedCommit"/>); <see langword="null"/> (the default) when every batch commits as usual.
    /// </summary>
    ForestRelaxedCommit? RelaxedCommit => null;
}

/// <summary>A lock held by the store's connection for the whole startup of an instance (migrations, then seeding).</summary>
/// <param name="Take">The SQL that waits for the lock and takes it (e.g. <c>SELECT pg_advisory_lock(…)</c>).</param>
/// <param name="Release">The SQL that releases it.</param>
public sealed record ForestStartupLock(string Take, string Release);
