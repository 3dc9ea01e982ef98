using Forest.Mvc.Storage;

namespace Forest.Mvc;

/// <summary>A user created in the store at startup when no user has its email yet.</summary>
public sealed class ForestUserSeed
{
    /// <summary>The login email.</summary>
    public required string Email { get; init; }

    /// <summary>The password, hashed with ASP.NET Core Identity's hasher before it is stored.</summary>
    public required string Password { get; init; }

    /// <summary>The first name.</summary>
    public string FirstName { get; init; } = "";

    /// <summary>The last name.</summary>
    public string LastName { get; init; } = "";

    /// <summary>The team name.</summary>
    public string? Team { get; init; }

    /// <summary>The role name.</summary>
    public string? Role { get; init; }

    /// <summary>The permission level (<c>admin</c> or <c>user</c>).</summary>
    public string PermissionLevel { get; init; } = "user";

    /// <summary>Tags of the user.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
