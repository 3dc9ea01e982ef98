using System.Data.Common;
using Forest.Mvc.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Storage;

/// <summary>
/// Brings the store to the model of this version with EF Core migrations (<see cref="Migrations.StoreProvider"/>),
/// or checks that it is there when <see cref="ForestOptions.MigrateStoreOnStartup"/> is off. Several instances
/// starting together are safe: EF Core's <c>MigrateAsync</c> holds a database lock while it applies migrations,
/// and the adoption of a 0.1.0 store is one transaction that only one instance can commit.
/// </summary>
internal static partial class StoreMigrator
{
    /// <summary>The name of the first migration: the tables of Forest.Mvc 0.1.0, which made them without migrations.</summary>
    public const string Initial = "Initial";

    /// <summary>
    /// Migrates the store (or checks it), then runs <paramref name="seed"/>, both under the deployment's startup
    /// lock, so that instances starting together take turns.
    /// </summary>
    public static async Task RunAsync(ForestStoreContext store, ForestStartupLock? startupLock, ForestOptions options, ILogger logger, Func<Task> seed, CancellationToken cancellationToken)
    {
        store.Database.SetCommandTimeout(options.StoreMigrationTimeout);
        if (options.MigrateStoreOnStartup)
        {
            await EnsureDatabaseAsync(store, cancellationToken).ConfigureAwait(false);
        }

        await store.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (startupLock is { } taken)
            {
                await store.Database.ExecuteSqlRawAsync(taken.Take, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await MigrateAsync(store, options, logger, cancellationToken).ConfigureAwait(false);
                await seed().ConfigureAwait(false);
            }
            finally
            {
                if (startupLock is { } held)
                {
                    await store.Database.ExecuteSqlRawAsync(held.Release, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await store.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Creates the database when missing; another instance creating it at the same time is fine.</summary>
    private static async Task EnsureDatabaseAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var creator = store.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private static async Task MigrateAsync(ForestStoreContext store, ForestOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (!options.MigrateStoreOnStartup)
        {
            var pending = await PendingAsync(store, cancellationToken).ConfigureAwait(false);
            if (pending.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The Forest.Mvc store lacks {pending.Count} migration(s): {string.Join(", ", pending)}. Forest:MigrateStoreOnStartup is false: " +
                    "apply them with the script of `dotnet ef migrations script --idempotent --context ForestStoreContext` (a store made by 0.1.0 " +
                    $"first needs its '{Initial}' row in {Migrations.StoreProvider.HistoryTable}; see docs/production.md), or turn the option on.");
            }

            return;
        }

        if (await AdoptLegacyStoreAsync(store, cancellationToken).ConfigureAwait(false))
        {
            LogAdopted(logger);
        }

        var applied = await PendingAsync(store, cancellationToken).ConfigureAwait(false);
        await store.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (applied.Count > 0)
        {
            LogMigrated(logger, applied);
        }
    }

    /// <summary>
    /// A store made by 0.1.0 has the tables of the first migration but no history: records that migration as
    /// applied (history table and row in one transaction), so that only the later ones run on it.
    /// </summary>
    /// <returns>Whether this instance adopted the store.</returns>
    private static async Task<bool> AdoptLegacyStoreAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var history = store.GetService<IHistoryRepository>();
        if (await TableExistsAsync(store, Migrations.StoreProvider.HistoryTable, cancellationToken).ConfigureAwait(false)
            || !await TableExistsAsync(store, "forest_users", cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var initial = store.GetService<IMigrationsAssembly>().FindMigrationId(Initial)
            ?? throw new InvalidOperationException($"The store's '{Initial}' migration is missing for {store.Database.ProviderName}.");
        try
        {
            await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await store.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
            await store.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another instance adopted it at the same time (its table or row came first): nothing left to do.
            if (await TableExistsAsync(store, Migrations.StoreProvider.HistoryTable, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>The migrations not applied yet: all of them while the history table is missing (not read then, so that no failed query is logged).</summary>
    private static async Task<List<string>> PendingAsync(ForestStoreContext store, CancellationToken cancellationToken) =>
        await TableExistsAsync(store, Migrations.StoreProvider.HistoryTable, cancellationToken).ConfigureAwait(false)
            ? [.. await store.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)]
            : [.. store.Database.GetMigrations()];

    /// <remarks>A probe, not <c>IHistoryRepository.ExistsAsync</c>: with Npgsql 10 that answers true before the table exists.</remarks>
    private static async Task<bool> TableExistsAsync(ForestStoreContext store, string table, CancellationToken cancellationToken)
    {
        var sql = store.GetService<ISqlGenerationHelper>();
        var connection = store.Database.GetDbConnection();
        try
        {
            await using var command = connection.CreateCommand();

            // The name is the library's own constant, never input.
            command.CommandText = "SELECT 1 FROM " + sql.DelimitIdentifier(table) + " WHERE 1 = 0";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "The Forest.Mvc store was made by 0.1.0 (no migrations history): its tables were recorded as the 'Initial' migration, and the later migrations follow. No data is changed.")]
    private static partial void LogAdopted(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Forest.Mvc store migrated: {Migrations}.")]
    private static partial void LogMigrated(ILogger logger, IReadOnlyList<string> migrations);
}
