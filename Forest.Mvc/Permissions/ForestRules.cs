using System.Collections.Concurrent;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Permissions;

/// <summary>Roles, permissions, action settings and scopes as one immutable snapshot of the store, with its version.</summary>
internal sealed class RulesSnapshot
{
    public required long Version { get; init; }

    public required IReadOnlyList<StoredRole> Roles { get; init; }

    public required IReadOnlyList<StoredPermission> Permissions { get; init; }

    public required IReadOnlyList<StoredActionSetting> Settings { get; init; }

    public required IReadOnlyList<StoredScope> Scopes { get; init; }

    public required IReadOnlyList<StoredExportPermission> Exports { get; init; }

    /// <summary>Users read since this version was loaded, by id (<see langword="null"/>: no such user).</summary>
    public ConcurrentDictionary<int, CachedUser?> Users { get; } = new();

    /// <summary>Permissions and settings of one collection (with the <c>*</c> permissions), computed once per version.</summary>
    public ConcurrentDictionary<string, (IReadOnlyList<StoredPermission> Permissions, IReadOnlyList<StoredActionSetting> Settings)> ByCollection { get; } = new(StringComparer.Ordinal);

    /// <summary>Scopes and conditions parsed for the values of a user, once per version (see <see cref="ConditionPlaceholders"/>).</summary>
    public ConcurrentDictionary<string, Records.ConditionNode?> Conditions { get; } = new(StringComparer.Ordinal);
}

/// <summary>A stored user and the <see cref="ForestUser"/> made of it, once per rules version.</summary>
internal sealed record CachedUser(StoredUser Row, ForestUser User);

/// <summary>
/// The rules cache. An instance keeps the snapshot of one store version in memory and reads that version (one
/// indexed single-row read) to see changes made elsewhere: every <c>Forest:RulesCheckInterval</c> (by default 1 s,
/// or 5 s where the engine announces changes, see <see cref="ForestChangeSignal"/>), at the next request after an
/// announcement is heard, and at every request while the engine's listening connection is lost or not yet open. A
/// change made through this instance (management API, logout, revocation, seeding) drops the snapshot at once and
/// is announced. Users are cached per version as they are first seen.
/// </summary>
internal sealed class ForestRules(Microsoft.Extensions.Options.IOptions<ForestOptions> options, TimeProvider time, IEnumerable<IForestStoreProvider> providers)
{
    public const int VersionRow = 1;

    /// <summary>The interval between version reads when the engine has no change signal.</summary>
    public static readonly TimeSpan PolledInterval = TimeSpan.FromSeconds(1);

    /// <summary>The interval between version reads when the engine's change signal listens: a safety net.</summary>
    public static readonly TimeSpan SignalledInterval = TimeSpan.FromSeconds(5);

    // Compiled once per rules cache, not per process: a compiled query keeps the services of the first context it
    // ran on, and two hosts in one process (tests, or two stores) may use different providers.
    private readonly Func<ForestStoreContext, CancellationToken, Task<long>> _readVersion =
        EF.CompileAsyncQuery((ForestStoreContext store, CancellationToken cancellationToken) =>
            store.Versions.Where(v => v.Id == VersionRow).Select(v => v.Version).FirstOrDefault());

    private RulesSnapshot? _current;
    private long _checkedAt;
    private int _heard;
    private TimeSpan _interval = TimeSpan.Zero; // until the listener says what the engine offers: every request
    private ForestChangeSignal? _signal;
    private bool _signalKnown;

    /// <summary>The engine offers no change signal: the version is read every interval.</summary>
    public void Polled() => _interval = options.Value.RulesCheckInterval ?? PolledInterval;

    /// <summary>The engine's change signal listens (again): read the version once, then every (longer) interval.</summary>
    public void Listening()
    {
        Heard();
        _interval = options.Value.RulesCheckInterval ?? SignalledInterval;
    }

    /// <summary>The listening connection is lost: read the version at every request until it listens again.</summary>
    public void Lost() => _interval = TimeSpan.Zero;

    /// <summary>Another instance (or this one) announced a change: the next request reads the version.</summary>
    public void Heard() => Volatile.Write(ref _heard, 1);

    /// <summary>The snapshot of the store's current version.</summary>
    public async Task<RulesSnapshot> CurrentAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var interval = _interval;
        var now = time.GetTimestamp();
        if (interval > TimeSpan.Zero && Volatile.Read(ref _heard) == 0 && Volatile.Read(ref _current) is { } recent
            && time.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) < interval)
        {
            return recent;
        }

        Volatile.Write(ref _heard, 0);
        Interlocked.Exchange(ref _checkedAt, now);
        var version = await _readVersion(store, cancellationToken).ConfigureAwait(false);
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Version == version)
        {
            return current;
        }

        var fresh = new RulesSnapshot
        {
            Version = version,
            Roles = await store.Roles.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false),
            Permissions = await store.Permissions.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false),
            Settings = await store.ActionSettings.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false),
            Scopes = await store.Scopes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false),
            Exports = await store.ExportPermissions.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false),
        };
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    /// <summary>A user of the store, read once per version.</summary>
    public static async Task<CachedUser?> UserAsync(RulesSnapshot snapshot, ForestStoreContext store, int id, CancellationToken cancellationToken)
    {
        if (snapshot.Users.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var row = await store.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        var user = row is null ? null : new CachedUser(row, Permissions.StoreUserSessions.ToUser(row));
        snapshot.Users.TryAdd(id, user);
        return user;
    }

    /// <summary>
    /// Records a change of roles, permissions, settings, scopes or users: this instance reloads at its next request,
    /// the others when they hear the announcement or read the version.
    /// </summary>
    public async Task BumpAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _current, null);
        if (await store.Versions.Where(v => v.Id == VersionRow).ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            store.Versions.Add(new StoredVersion { Id = VersionRow, Version = 1 });
            await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (SignalOf(store) is { } signal)
        {
            await signal.AnnounceAsync(store, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The change signal of the store's engine, if it has one.</summary>
    public ForestChangeSignal? SignalOf(ForestStoreContext store)
    {
        if (!Volatile.Read(ref _signalKnown))
        {
            _signal = Storage.Migrations.StoreProvider.For(store.Database.ProviderName, providers).ChangeSignal;
            Volatile.Write(ref _signalKnown, true);
        }

        return _signal;
    }
}

/// <summary>The snapshot of one request, read once whatever asks for it.</summary>
internal sealed class RequestRules(ForestRules rules, ForestStoreContext store)
{
    private Task<RulesSnapshot>? _snapshot;

    public Task<RulesSnapshot> GetAsync(CancellationToken cancellationToken) => _snapshot ??= rules.CurrentAsync(store, cancellationToken);

    public async Task<CachedUser?> UserAsync(int id, CancellationToken cancellationToken) =>
        await ForestRules.UserAsync(await GetAsync(cancellationToken).ConfigureAwait(false), store, id, cancellationToken).ConfigureAwait(false);
}
