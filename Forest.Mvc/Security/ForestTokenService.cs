using Forest.Mvc.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Security;

/// <summary>Issues Forest data tokens; use it from your own login endpoint to replace the built-in one.</summary>
public interface IForestTokenService
{
    /// <summary>Creates a signed HS256 token for <paramref name="user"/>, valid for <see cref="ForestOptions.TokenLifetime"/>.</summary>
    /// <param name="user">The user the token identifies.</param>
    /// <returns>The compact JWT.</returns>
    string CreateToken(ForestUser user);
}

/// <summary>The default <see cref="IForestTokenService"/>.</summary>
internal sealed class ForestTokenService(IOptions<ForestOptions> options, TimeProvider time) : IForestTokenService
{
    private readonly JsonWebTokenHandler _handler = new();

    public string CreateToken(ForestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(options.Value.TokenLifetime),
            SigningCredentials = new SigningCredentials(JwtBearerSetup.SigningKey(options.Value.SigningSecret), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                ["id"] = user.Id,
                ["email"] = user.Email,
                ["firstName"] = user.FirstName,
                ["lastName"] = user.LastName,
                ["team"] = user.Team ?? "",
                ["role"] = user.Role ?? "",
                ["tags"] = user.Tags,
                ["renderingId"] = user.RenderingId ?? "1",
                ["permissionLevel"] = user.PermissionLevel ?? "user",
            },
        };
        if (user.SecurityStamp is { } stamp)
        {
            descriptor.Claims[ForestAuthenticationDefaults.StampClaim] = stamp;
        }

        return _handler.CreateToken(descriptor);
    }
}
