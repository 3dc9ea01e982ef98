using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc;

/// <summary>
/// How the instances sharing a store hear at once that one of them changed the rules (roles, permissions, action
/// settings, scopes, users, sessions), on an engine that can announce it (PostgreSQL's <c>NOTIFY</c>/<c>LISTEN</c>).
/// The instance that made the change announces it on the store's database; every instance listens on a connection of
/// its own and, when it hears, reads the store's rules version at its next request. The version row stays the safety
/// net: read every <c>Forest:RulesCheckInterval</c>, and at every request while the listening connection is lost.
/// </summary>
/// <remarks>
/// A store provider offers its signal through <see cref="IForestStoreProvider.ChangeSignal"/>. Without one, the
/// instances read the version every <c>Forest:RulesCheckInterval</c> (see docs/pipeline.md, the rules cache).
/// </remarks>
public abstract class ForestChangeSignal
{
    /// <summary>
    /// Announces a change, on the store's connection (in its transaction, if one is open: then it is heard when the
    /// transaction commits).
    /// </summary>
    /// <param name="store">The store's context that made the change.</param>
    /// <param name="cancellationToken">Cancels the announcement.</param>
    /// <returns>A task that completes once the announcement is sent.</returns>
    public abstract Task AnnounceAsync(DbContext store, CancellationToken cancellationToken);

    /// <summary>
    /// Listens on a connection of its own to the store's database until <paramref name="cancellationToken"/> is
    /// cancelled or the connection is lost (it then returns or throws, and the library listens again after a pause).
    /// </summary>
    /// <param name="store">A context of the store, to open the listening connection with its settings.</param>
    /// <param name="listening">To call once the connection listens: from then on, announcements are heard.</param>
    /// <param name="heard">To call for every announcement heard (from any instance, this one included).</param>
    /// <param name="cancellationToken">Stops listening when the application stops.</param>
    /// <returns>A task that ends when the listening ends.</returns>
    public abstract Task ListenAsync(DbContext store, Action listening, Action heard, CancellationToken cancellationToken);
}
