using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Permissions;

namespace Forest.Mvc.Agents;

/// <summary>
/// Personal access tokens: <c>fpat_</c> and 43 random characters, shown once at creation, stored as their SHA-256
/// only. An agent's token is its creator's: their role, scope and permissions as the store holds them now.
/// </summary>
internal sealed class AccessTokens(ForestStoreContext store, TimeProvider time, StoreUserSessions? sessions = null)
{
    public const string Prefix = "fpat_";

    /// <summary>The longest life of a token, and the most tokens one user keeps.</summary>
    public const int MaxDays = 366;

    public const int MaxPerUser = 50;

    public static bool IsAccessToken(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public async Task<(StoredAccessToken Row, string Token)> CreateAsync(ForestUser user, string name, int? days, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw ForestRequestException.BadRequest("name: give the token a name of 1 to 100 characters (e.g. the agent that uses it).");
        }

        if (days is < 1 or > MaxDays)
        {
            throw ForestRequestException.BadRequest($"expiresInDays: between 1 and {MaxDays}, or null for a token that does not expire.");
        }

        var active = await store.AccessTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (active >= MaxPerUser)
        {
            throw new ForestRequestException(409, "TooManyTokensError", $"You have {active} tokens, the most allowed: revoke one first.");
        }

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow().UtcDateTime;
        var row = new StoredAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            UserEmail = user.Email,
            User = JsonSerializer.Serialize(user),
            Name = name,
            Hash = Hash(token),
            Prefix = token[..12],
            CreatedAt = now,
            ExpiresAt = days is { } d ? now.AddDays(d) : null,
        };
        store.AccessTokens.Add(row);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (row, token);
    }

    /// <summary>The user of a token, refreshed from the store; 401 when it is unknown, revoked, expired, or its user disabled.</summary>
    public async Task<(ForestUser User, StoredAccessToken Row)> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var row = await store.AccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        if (row is null || row.RevokedAt is not null || row.ExpiresAt < now)
        {
            var why = row is null ? "unknown" : row.RevokedAt is not null ? "revoked" : "expired";
            throw new ForestRequestException(401, ForestErrorNames.Unauthorized, $"Forest cannot authenticate the agent: the personal access token is {why}.");
        }

        var creator = JsonSerializer.Deserialize<ForestUser>(row.User)!;
        var user = sessions is null ? creator : await sessions.CurrentAsync(creator, cancellationToken).ConfigureAwait(false);
        if (row.LastUsedAt is not { } used || now - used > TimeSpan.FromMinutes(1))
        {
            // The last use, to the minute: one write a minute per token at most.
            await store.AccessTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken).ConfigureAwait(false);
        }

        return (user, row);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
