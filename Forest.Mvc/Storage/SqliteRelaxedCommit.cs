using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Storage;

/// <summary>
/// SQLite: <c>PRAGMA synchronous = NORMAL</c> on the connection for the batch. In WAL mode a commit then does not sync
/// the disk (the WAL is synced at checkpoints). The connection's previous level, read from SQLite itself, is put back
/// before the connection returns to the pool, so the other writers of the store keep theirs.
/// </summary>
internal sealed class SqliteRelaxedCommit : ForestRelaxedCommit
{
    public override async Task<IAsyncDisposable?> RelaxConnectionAsync(DbContext store, CancellationToken cancellationToken)
    {
        var previous = Convert.ToInt64(await ScalarAsync(store, "PRAGMA synchronous", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await ScalarAsync(store, "PRAGMA synchronous = NORMAL", cancellationToken).ConfigureAwait(false);
        return new Restore(store, previous);
    }

    private static async Task<object?> ScalarAsync(DbContext store, string sql, CancellationToken cancellationToken)
    {
        await using var command = store.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Restore(DbContext store, long previous) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await ScalarAsync(store, "PRAGMA synchronous = " + previous.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
    }
}
