using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Security;

/// <summary>Authenticates a request with the Forest scheme, whatever the host's own authentication setup.</summary>
internal static class ForestAuthenticator
{
    /// <summary>The user of the request; a 401 <see cref="ForestRequestException"/> when the token is missing or invalid.</summary>
    public static async Task<ForestUser> AuthenticateAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(ForestAuthenticationDefaults.Scheme).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var detail = result.Failure switch
            {
                null => "Forest cannot authenticate the user for this request: send a token in the Authorization header (Bearer).",
                SecurityTokenExpiredException => "Forest cannot authenticate the user for this request: the token has expired. Log in again.",
                _ => "Forest cannot authenticate the user for this request: the token is invalid.",
            };
            throw new ForestRequestException(401, ForestErrorNames.Unauthorized, detail);
        }

        var user = ForestUser.FromClaims(result.Principal)
            ?? throw new ForestRequestException(401, ForestErrorNames.Unauthorized, "Forest cannot authenticate the user for this request: the token has no 'id' claim.");
        user = await context.RequestServices.GetRequiredService<IUserSessions>().RefreshAsync(user, result.Principal.FindFirst(ForestAuthenticationDefaults.StampClaim)?.Value, context.RequestAborted).ConfigureAwait(false);

        context.User = result.Principal;
        context.Features.Set(user);
        return user;
    }
}
