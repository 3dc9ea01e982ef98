using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Activity;

/// <summary>
/// Commits a batch of activity entries without waiting for the disk, where the store's engine allows it per
/// transaction: SQLite's <c>PRAGMA synchronous = NORMAL</c> (in WAL mode: no sync per commit, the WAL is synced at
/// checkpoints; the previous level is restored before the connection goes back to the pool) and PostgreSQL's
/// <c>SET LOCAL synchronous_commit = off</c>. The database stays consistent; what a power loss may take is the last
/// commits of such batches, which were already at risk while they waited in the writer's queue. Only batches that
/// nobody waits for use it (refusals, security events): an action's pending entry is committed durably before the
/// action runs. Other engines (SQL Server) commit as usual.
/// </summary>
internal sealed class RelaxedCommit : IAsyncDisposable
{
    private const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly ForestStoreContext _store;
    private readonly long _previous;

    private RelaxedCommit(ForestStoreContext store, long previous)
    {
        _store = store;
        _previous = previous;
    }

    /// <summary>Before the transaction: on SQLite, opens the connection and lowers its sync level (else null).</summary>
    public static async Task<RelaxedCommit?> StartAsync(ForestStoreContext store)
    {
        if (store.Database.ProviderName != Storage.Migrations.StoreProvider.Sqlite.EntityFrameworkProvider)
        {
            return null;
        }

        await store.Database.OpenConnectionAsync().ConfigureAwait(false);
        var previous = Convert.ToInt64(await ScalarAsync(store, "PRAGMA synchronous").ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        await ScalarAsync(store, "PRAGMA synchronous = NORMAL").ConfigureAwait(false);
        return new RelaxedCommit(store, previous);
    }

    /// <summary>Within the transaction: on PostgreSQL, this transaction's commit does not wait for the WAL flush.</summary>
    public static Task WithinTransactionAsync(ForestStoreContext store) =>
        store.Database.ProviderName == PostgreSql ? store.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off") : Task.CompletedTask;

    /// <summary>Restores the connection's sync level (a number from SQLite itself) and closes it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScalarAsync(_store, "PRAGMA synchronous = " + _previous.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }
        finally
        {
            await _store.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(ForestStoreContext store, string sql)
    {
        await using var command = store.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }
}
