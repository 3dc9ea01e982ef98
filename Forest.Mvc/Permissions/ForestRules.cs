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
}

/// <summary>A stored user and the <see cref="ForestUser"/> made of it, once per rules version.</summary>
internal sealed record CachedUser(StoredUser Row, ForestUser User);

/// <summary>
/// The rules cache. Every request reads one number, the store's version (one indexed single-row read), and uses
/// the snapshot in memory while that number is unchanged; any change through the library (management API, logout,
/// revocation, seeding) increments it, so a change made on one instance is seen by the next request on every
/// instance. Users are cached per version as they are first seen.
/// </summary>
internal sealed class ForestRules(Microsoft.Extensions.Options.IOptions<ForestOptions> options, TimeProvider time)
{
    public const int VersionRow = 1;

    // Compiled once per rules cache, not per process: a compiled query keeps the services of the first context it
    // ran on, and two hosts in one process (tests, or two stores) may use different providers.
    private readonly Func<ForestStoreContext, CancellationToken, Task<long>> _readVersion =
        EF.CompileAsyncQuery((ForestStoreContext store, CancellationToken cancellationToken) =>
            store.Versions.Where(v => v.Id == VersionRow).Select(v => v.Version).FirstOrDefault());

    private RulesSnapshot? _current;
    private long _checkedAt;

    /// <summary>The snapshot of the store's current version.</summary>
    public async Task<RulesSnapshot> CurrentAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var interval = options.Value.RulesCheckInterval;
        var now = time.GetTimestamp();
        if (interval > TimeSpan.Zero && Volatile.Read(ref _current) is { } recent && time.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) < interval)
        {
            return recent;
        }

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

    /// <summary>Records a change of roles, permissions, settings, scopes or users: every instance reloads.</summary>
    public async Task BumpAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _current, null);
        if (await store.Versions.Where(v => v.Id == VersionRow).ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            store.Versions.Add(new StoredVersion { Id = VersionRow, Version = 1 });
            await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
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
