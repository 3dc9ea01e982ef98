using Forest.Mvc.Storage;

namespace Forest.Mvc.Permissions;

/// <summary>The stored rules relevant to one collection (and the scopes of every collection), loaded once per request.</summary>
internal sealed class AccessRules
{
    public required StoredRole? Role { get; init; }

    public required IReadOnlyList<StoredRole> Roles { get; init; }

    public required IReadOnlyList<StoredPermission> Permissions { get; init; }

    public required IReadOnlyList<StoredActionSetting> Settings { get; init; }

    /// <summary>The stored scopes of every collection.</summary>
    public required IReadOnlyList<StoredScope> Scopes { get; init; }

    /// <summary>The conditions parsed for a user's values, shared by the requests of one rules version.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Records.ConditionNode?>? ParsedConditions { get; init; }

    /// <summary>The export permissions of every role.</summary>
    public IReadOnlyList<StoredExportPermission> Exports { get; init; } = [];

    /// <summary>Whether the caller's role may export <paramref name="collection"/>.</summary>
    public bool MayExport(string collection) =>
        Role is { } role && Exports.Any(e => e.RoleId == role.Id && (e.Collection == collection || e.Collection == "*"));

    /// <summary>The permission of a role on an action: the most specific row (exact names before <c>*</c>).</summary>
    public StoredPermission? For(int roleId, string collection, string action)
    {
        // One pass, without allocating (it runs several times per action call); the first of the best rows wins.
        StoredPermission? best = null;
        var bestScore = -1;
        foreach (var permission in Permissions)
        {
            if (permission.RoleId != roleId)
            {
                continue;
            }

            var score = (permission.Collection == collection ? 2 : permission.Collection == "*" ? 0 : -10)
                + (permission.Action == action ? 1 : permission.Action == "*" ? 0 : -10);
            if (score > bestScore)
            {
                (best, bestScore) = (permission, score);
            }
        }

        return best;
    }

    public StoredPermission? Mine(string collection, string action) => Role is null ? null : For(Role.Id, collection, action);

    public StoredActionSetting? Setting(string collection, string action)
    {
        foreach (var setting in Settings)
        {
            if (setting.Collection == collection && setting.Action == action)
            {
                return setting;
            }
        }

        return null;
    }
}
