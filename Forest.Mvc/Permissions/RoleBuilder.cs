using System.Text.Json;
using Forest.Mvc.Storage;
using Forest.Mvc.Permissions;

namespace Forest.Mvc;

/// <summary>
/// Declares, in code, what a role may do. Seeded into the store when the role does not exist yet; afterwards the
/// management API owns it. Use <c>"*"</c> for every collection or every action. Conditions are Forest condition
/// trees, given as JSON text or as an object serialised to it, e.g.
/// <c>new { field = "status", @operator = "equal", value = "pending" }</c>.
/// </summary>
public sealed class RoleBuilder
{
    internal RoleBuilder(string name) => Name = name;

    /// <summary>The role name (the <c>role</c> claim of its users' tokens).</summary>
    public string Name { get; }

    internal List<StoredPermission> Permissions { get; } = [];

    internal List<string> Exports { get; } = [];

    /// <summary>May export the records of the collection as CSV (<c>GET /forest/&lt;collection&gt;.csv</c>).</summary>
    /// <param name="collection">The collection name, or <c>*</c> (the default) for every collection.</param>
    /// <returns>This builder.</returns>
    public RoleBuilder Export(string collection = "*")
    {
        if (!Exports.Contains(collection))
        {
            Exports.Add(collection);
        }

        return this;
    }

    /// <summary>May trigger the action directly.</summary>
    /// <param name="collection">The collection name, or <c>*</c>.</param>
    /// <param name="action">The action name, or <c>*</c>.</param>
    /// <param name="condition">Optional: every selected record must match it.</param>
    /// <returns>This builder.</returns>
    public RoleBuilder Trigger(string collection, string action, object? condition = null)
    {
        var permission = Get(collection, action);
        permission.Trigger = TriggerLevel.Trigger;
        permission.TriggerCondition = Json(condition);
        return this;
    }

    /// <summary>May trigger the action, but a user of a role allowed to approve must approve it first.</summary>
    /// <param name="collection">The collection name, or <c>*</c>.</param>
    /// <param name="action">The action name, or <c>*</c>.</param>
    /// <param name="approvalCondition">Optional: approval is only required when some selected record matches it.</param>
    /// <returns>This builder.</returns>
    public RoleBuilder TriggerWithApproval(string collection, string action, object? approvalCondition = null)
    {
        var permission = Get(collection, action);
        permission.Trigger = TriggerLevel.TriggerWithApproval;
        permission.ApprovalCondition = Json(approvalCondition);
        return this;
    }

    /// <summary>May approve requests of other users to run the action.</summary>
    /// <param name="collection">The collection name, or <c>*</c>.</param>
    /// <param name="action">The action name, or <c>*</c>.</param>
    /// <param name="selfApprove">Whether a user of the role may also approve a request they made themselves.</param>
    /// <param name="condition">Optional: every selected record must match it to approve.</param>
    /// <returns>This builder.</returns>
    public RoleBuilder Approve(string collection, string action, bool selfApprove = false, object? condition = null)
    {
        var permission = Get(collection, action);
        permission.CanApprove = true;
        permission.CanSelfApprove = selfApprove;
        permission.ApproveCondition = Json(condition);
        return this;
    }

    private StoredPermission Get(string collection, string action)
    {
        var permission = Permissions.FirstOrDefault(p => p.Collection == collection && p.Action == action);
        if (permission is null)
        {
            permission = new StoredPermission { Collection = collection, Action = action };
            Permissions.Add(permission);
        }

        return permission;
    }

    private static string? Json(object? condition) => condition switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(condition),
    };
}

/// <summary>A scope declared in code: a filter on a collection for a role or a team.</summary>
/// <param name="Collection">The collection name.</param>
/// <param name="Filter">The condition tree (JSON text or an object), with <c>{{currentUser.*}}</c> placeholders.</param>
/// <param name="Role">The role it applies to, or <see langword="null"/>.</param>
/// <param name="Team">The team it applies to, or <see langword="null"/>.</param>
public sealed record ScopeSeed(string Collection, object Filter, string? Role = null, string? Team = null);
