using System.Reflection;

namespace Forest.Mvc;

/// <summary>The store on SQL Server: its migrations, in this package, and its startup lock.</summary>
public sealed class SqlServerStoreProvider : IForestStoreProvider
{
    /// <inheritdoc/>
    public string EntityFrameworkProvider => "Microsoft.EntityFrameworkCore.SqlServer";

    /// <inheritdoc/>
    public string DisplayName => "SQL Server";

    /// <inheritdoc/>
    public Assembly MigrationsAssembly => typeof(SqlServerStoreProvider).Assembly;

    /// <summary>An application lock owned by the session, held across migrations and seeding.</summary>
    public ForestStartupLock? StartupLock { get; } = new(
        "EXEC sp_getapplock @Resource = 'forest_startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
        "EXEC sp_releaseapplock @Resource = 'forest_startup', @LockOwner = 'Session'");
}

/// <summary>Registers the SQL Server store provider.</summary>
public static class ForestSqlServerExtensions
{
    /// <summary>
    /// Keeps the store on SQL Server: <c>AddStore(o =&gt; o.UseSqlServer(connectionString)).UseSqlServerStore()</c>.
    /// The store's migrations for SQL Server are applied at startup (unless <c>Forest:MigrateStoreOnStartup</c> is off).
    /// </summary>
    /// <param name="builder">The Forest builder.</param>
    /// <returns>The builder.</returns>
    public static ForestBuilder UseSqlServerStore(this ForestBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStoreProvider(new SqlServerStoreProvider());
    }
}
