using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc;

/// <summary>
/// How the store's engine commits a batch of activity entries without waiting for the disk. The activity writer uses
/// it only for batches nobody waits for (refusals, security events), which were never durable while they waited in
/// its queue; a batch holding an action's pending entry always commits with the store's full durability. The
/// database stays consistent either way: what a power loss may take is the last commits of such batches.
/// </summary>
/// <remarks>
/// A store provider offers it through <see cref="IForestStoreProvider.RelaxedCommit"/>; without one, every batch
/// commits as usual. SQLite's (built in) lowers <c>PRAGMA synchronous</c> to <c>NORMAL</c> on the connection for the
/// batch and restores it; PostgreSQL's sets <c>synchronous_commit</c> off for the transaction.
/// </remarks>
public abstract class ForestRelaxedCommit
{
    /// <summary>
    /// Before the batch's transaction begins, on the store's open connection: relaxes what lives on the connection
    /// and returns what restores it before the connection goes back to the pool (<see langword="null"/>, the
    /// default, when nothing is changed on the connection).
    /// </summary>
    /// <param name="store">The store's context; its connection is open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What restores the connection, or <see langword="null"/>.</returns>
    public virtual Task<IAsyncDisposable?> RelaxConnectionAsync(DbContext store, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>
    /// Within the batch's transaction, before anything is written: relaxes this transaction's commit (the default
    /// does nothing).
    /// </summary>
    /// <param name="store">The store's context, in the batch's transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the transaction is relaxed.</returns>
    public virtual Task RelaxTransactionAsync(DbContext store, CancellationToken cancellationToken) => Task.CompletedTask;
}
