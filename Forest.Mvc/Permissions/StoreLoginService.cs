using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Permissions;
using Forest.Mvc.Security;

namespace Forest.Mvc.Permissions;

/// <summary>The built-in login against the library's user table.</summary>
internal sealed class StoreLoginService(ForestStoreContext store, ForestRules rules, IPasswordHasher<StoredUser> hasher) : IForestLoginService
{
    /// <summary>A user no email matches, whose hash costs what a real one costs (made once per hasher).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPasswordHasher<StoredUser>, StoredUser> Nobodies = [];

    public async Task<ForestUser?> ValidateCredentialsAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = StoredUser.Normalize(email);
        var user = await store.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken).ConfigureAwait(false);

        // Hash even for an unknown email, so that timing does not tell which emails exist.
        var candidate = user ?? Nobodies.GetValue(hasher, h => new StoredUser { PasswordHash = h.HashPassword(new StoredUser(), Guid.NewGuid().ToString()) });
        var verdict = hasher.VerifyHashedPassword(candidate, candidate.PasswordHash, password);
        if (user is null || verdict == PasswordVerificationResult.Failed || user.DisabledAt is not null)
        {
            return null;
        }

        if (user.SecurityStamp is null)
        {
            user.SecurityStamp = StoredUser.NewSecurityStamp();
            await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await rules.BumpAsync(store, cancellationToken).ConfigureAwait(false);
        }

        return StoreUserSessions.ToUser(user);
    }
}
