using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Security;

namespace Forest.Mvc.Permissions;

/// <summary>
/// Keeps tokens of store users in step with the store: on every request the user is read again (one lookup by
/// primary key, cached per version of the rules: see <see cref="Permissions.ForestRules"/>), so that role, team,
/// tags and permission level always come from the store, never from an old token; a token whose security stamp is
/// no longer the user's, or of a disabled user, is refused (401). Every change increments the store's version,
/// which every request reads, so a logout, a password or role change or a disabled user takes effect on every
/// instance at the next request.
/// </summary>
internal sealed class StoreUserSessions(ForestStoreContext store, RequestRules rules, ForestRules cache) : IUserSessions
{
    public bool AreStored => true;

    /// <inheritdoc/>
    public async Task<ForestUser> RefreshAsync(ForestUser fromToken, string? stamp, CancellationToken cancellationToken)
    {
        var cached = await StoredAsync(fromToken, cancellationToken).ConfigureAwait(false);
        var stored = cached?.Row;
        if (stored is null)
        {
            // A token of a user the store does not hold (issued by your own login service): its claims stand,
            // unless it claims to be a store session.
            return stamp is null ? fromToken : throw Revoked();
        }

        if (stored.DisabledAt is not null || (stored.SecurityStamp is not null && !string.Equals(stamp, stored.SecurityStamp, StringComparison.Ordinal)))
        {
            throw Revoked();
        }

        return cached!.User.RenderingId == fromToken.RenderingId ? cached.User : cached.User with { RenderingId = fromToken.RenderingId };
    }

    /// <summary>The user as the store holds them now (for a background job run as its requester); disabled: refused (401).</summary>
    public async Task<ForestUser> CurrentAsync(ForestUser requester, CancellationToken cancellationToken)
    {
        var cached = await StoredAsync(requester, cancellationToken).ConfigureAwait(false);
        return cached is null ? requester : cached.Row.DisabledAt is null ? cached.User : throw Revoked();
    }

    /// <summary>The store's user with this id and email, or <see langword="null"/> when the store does not hold them (a user of your own login service).</summary>
    private async Task<Permissions.CachedUser?> StoredAsync(ForestUser user, CancellationToken cancellationToken)
    {
        var cached = int.TryParse(user.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await rules.UserAsync(id, cancellationToken).ConfigureAwait(false)
            : null;
        return cached?.Row is { } stored && string.Equals(stored.Email, user.Email, StringComparison.OrdinalIgnoreCase) ? cached : null;
    }

    /// <summary>Ends every session of the user (all their tokens are refused from now on).</summary>
    public async Task RevokeAsync(string userId, CancellationToken cancellationToken)
    {
        if (int.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await store.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, StoredUser.NewSecurityStamp()), cancellationToken).ConfigureAwait(false);
            await cache.BumpAsync(store, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The <see cref="ForestUser"/> of a stored user.</summary>
    public static ForestUser ToUser(StoredUser user) => new()
    {
        Id = user.Id.ToString(CultureInfo.InvariantCulture),
        Email = user.Email,
        FirstName = user.FirstName,
        LastName = user.LastName,
        Team = user.Team,
        Role = user.Role,
        PermissionLevel = user.PermissionLevel,
        RenderingId = "1",
        Tags = JsonSerializer.Deserialize<Dictionary<string, string>>(user.TagsJson) ?? [],
        SecurityStamp = user.SecurityStamp,
    };

    private static ForestRequestException Revoked() =>
        new(401, ForestErrorNames.Unauthorized, "Forest cannot authenticate the user for this request: the session has ended (logout, password or role change, or disabled user). Log in again.");
}
