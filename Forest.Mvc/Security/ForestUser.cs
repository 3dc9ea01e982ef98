using System.Security.Claims;
using System.Collections.Frozen;
using System.Text.Json;
using Forest.Mvc.Security;

namespace Forest.Mvc;

/// <summary>
/// The user who calls a route, read from the claims of the Forest data token (<c>id, email, firstName, lastName,
/// team, role, tags, renderingId, permissionLevel</c>). Claims are read leniently: numbers or strings, camelCase or
/// snake_case, tags as an object or as <c>[{key, value}]</c>.
/// </summary>
public sealed record ForestUser
{
    /// <summary>The user id, as a string (compare ids as strings).</summary>
    public required string Id { get; init; }

    /// <summary>The email address.</summary>
    public string Email { get; init; } = "";

    /// <summary>The first name.</summary>
    public string FirstName { get; init; } = "";

    /// <summary>The last name.</summary>
    public string LastName { get; init; } = "";

    /// <summary>The team name.</summary>
    public string? Team { get; init; }

    /// <summary>The role name.</summary>
    public string? Role { get; init; }

    /// <summary>The rendering id, as a string.</summary>
    public string? RenderingId { get; init; }

    /// <summary>The permission level (e.g. <c>admin</c>, <c>user</c>).</summary>
    public string? PermissionLevel { get; init; }

    /// <summary>Whether the user is an administrator (permission level <c>admin</c>, as the store holds it on every request).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAdmin => string.Equals(PermissionLevel, "admin", StringComparison.OrdinalIgnoreCase);

    /// <summary>The user's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The security stamp of a user of the built-in store, written into their tokens.</summary>
    internal string? SecurityStamp { get; init; }

    /// <summary>The full name.</summary>
    public string FullName => $"{FirstName} {LastName}".Trim();

    /// <summary>Reads the user from the claims of a validated token.</summary>
    /// <param name="principal">The authenticated principal.</param>
    /// <returns>The user, or <see langword="null"/> when the token has no <c>id</c> claim.</returns>
    public static ForestUser? FromClaims(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);

        // One pass over the claims: the first claim of each type (as FindFirst, types compared in any case), and
        // every tags claim.
        var first = new string?[ClaimSlots.Count];
        List<string>? tags = null;
        foreach (var claim in principal.Claims)
        {
            if (ClaimSlots.TryGetValue(claim.Type, out var slot))
            {
                first[slot] ??= claim.Value;
            }
            else if (string.Equals(claim.Type, "tags", StringComparison.OrdinalIgnoreCase))
            {
                (tags ??= []).Add(claim.Value);
            }
        }

        // The first of the names whose first claim is not empty.
        string? Claim(int slot, int? alternative = null) =>
            !string.IsNullOrEmpty(first[slot]) ? first[slot]
            : alternative is { } other && !string.IsNullOrEmpty(first[other]) ? first[other]
            : null;

        var id = Claim(0, 1);
        if (id is null)
        {
            return null;
        }

        return new ForestUser
        {
            Id = id,
            Email = Claim(2) ?? "",
            FirstName = Claim(3, 4) ?? "",
            LastName = Claim(5, 6) ?? "",
            Team = Claim(7),
            Role = Claim(8),
            RenderingId = Claim(9, 10),
            PermissionLevel = Claim(11, 12),
            Tags = ReadTags(tags ?? []),
        };
    }

    /// <summary>The claim types read into a user, each with its place (a name before its alternative spelling).</summary>
    private static readonly FrozenDictionary<string, int> ClaimSlots = new[]
    {
        "id", "sub", "email", "firstName", "first_name", "lastName", "last_name", "team", "role", "renderingId", "rendering_id", "permissionLevel", "permission_level",
    }.Select((type, slot) => KeyValuePair.Create(type, slot)).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string> ReadTags(IEnumerable<string> claimValues)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in claimValues)
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                AddTags(document.RootElement, tags);
            }
            catch (JsonException)
            {
                // a plain string tag carries no key/value pair: ignored
            }
        }

        return tags;
    }

    private static void AddTags(JsonElement element, Dictionary<string, string> tags)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AddTags(item, tags);
                }

                break;
            case JsonValueKind.Object when element.TryGetProperty("key", out var key) && element.TryGetProperty("value", out var value):
                tags[Text(key)] = Text(value);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    tags[property.Name] = Text(property.Value);
                }

                break;
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
