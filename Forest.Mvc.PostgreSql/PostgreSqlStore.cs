using System.Reflection;

namespace Forest.Mvc;

/// <summary>The store on PostgreSQL (Npgsql): its migrations, in this package, its startup lock and its change signal.</summary>
public sealed class PostgreSqlStoreProvider : IForestStoreProvider
{
    /// <inheritdoc/>
    public string EntityFrameworkProvider => "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <inheritdoc/>
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc/>
    public Assembly MigrationsAssembly => typeof(PostgreSqlStoreProvider).Assembly;

    /// <summary>
    /// A session advisory lock: Npgsql's migration lock lasts one migration's transaction, so instances starting
    /// together could each apply a later migration or seed twice without it.
    /// </summary>
    public ForestStartupLock? StartupLock { get; } = new("SELECT pg_advisory_lock(7308331960591425090)", "SELECT pg_advisory_unlock(7308331960591425090)");

    /// <summary>
    /// <c>NOTIFY</c>/<c>LISTEN</c> on the channel <c>forest_rules</c>: a change of the rules made on one instance is
    /// heard by the others at once (then the rules version is read every 5 s only as a safety net).
    /// </summary>
    public ForestChangeSignal? ChangeSignal { get; } = new PostgreSqlChangeSignal();

    /// <summary><c>SET LOCAL synchronous_commit = off</c> for the activity batches nobody waits for.</summary>
    public ForestRelaxedCommit? RelaxedCommit { get; } = new PostgreSqlRelaxedCommit();
}

/// <summary>Registers the PostgreSQL store provider.</summary>
public static class ForestPostgreSqlExtensions
{
    /// <summary>
    /// Keeps the store on PostgreSQL: <c>AddStore(o =&gt; o.UseNpgsql(connectionString)).UsePostgreSqlStore()</c>.
    /// The store's migrations for PostgreSQL are applied at startup (unless <c>Forest:MigrateStoreOnStartup</c> is off).
    /// </summary>
    /// <param name="builder">The Forest builder.</param>
    /// <returns>The builder.</returns>
    public static ForestBuilder UsePostgreSqlStore(this ForestBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStoreProvider(new PostgreSqlStoreProvider());
    }
}
