using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc;

/// <summary>
/// PostgreSQL: <c>SET LOCAL synchronous_commit = off</c> for the batch's transaction; its commit does not wait for
/// the WAL flush, and the setting ends with the transaction.
/// </summary>
internal sealed class PostgreSqlRelaxedCommit : ForestRelaxedCommit
{
    public override Task RelaxTransactionAsync(DbContext store, CancellationToken cancellationToken) =>
        store.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", cancellationToken);
}
