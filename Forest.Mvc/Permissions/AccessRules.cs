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

    /// <summary>The export permissions of every role.</summary>
    public IReadOnlyList<StoredExportPermission> Exports { get; init; } = [];

    /// <summary>Whether the caller's role may export <paramref name="collection"/>.</summary>
    public bool MayExport(string collection) =>
        Role is { } role && Exports.Any(e => e.RoleId == role.Id && (e.Collection == collection || e.Collection == "*"));

    /// <summary>The permission of a role on an action: the most specific row (exact names before <c>*</c>).</summary>
    public StoredPermission? For(int roleId, string collection, string action) => Permissions
        .Where(p => p.RoleId == roleId && (p.Collection == collection || p.Collection == "*") && (p.Action == action || p.Action == "*"))
        .OrderByDescending(p => (p.Collection == collection ? 2 : 0) + (p.Action == action ? 1 : 0))
        .FirstOrDefault();

    public StoredPermission? Mine(string collection, string action) => Role is null ? null : For(Role.Id, collection, action);

    public StoredActionSetting? Setting(string collection, string action) =>
        Settings.FirstOrDefault(s => s.Collection == collection && s.Action == action);
}
