using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Forest.Mvc.Security;

/// <summary><c>POST /forest/authentication</c> (<c>{email, password}</c> → <c>{token}</c>) and <c>/authentication/logout</c>.</summary>
internal static class AuthenticationEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/authentication", (Delegate)LoginAsync)
            .WithTags("Authentication")
            .WithSummary("Logs a user in: answers {\"token\"} to send as 'Authorization: Bearer <token>'.")
            .Accepts<LoginRequest>("application/json")
            .Produces<LoginResponse>()
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized);
        group.MapPost("/authentication/logout", (Delegate)LogoutAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> LoginAsync(HttpContext http)
    {
        http.RequestServices.GetRequiredService<LoginAddressLimiter>().Enter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var login = http.RequestServices.GetRequiredService<IForestLoginService>();
        LoginRequest? body;
        try
        {
            var json = await JsonBody.ReadAsync(http, JsonBody.SmallBodyBytes).ConfigureAwait(false);
            body = json.ValueKind == JsonValueKind.Undefined ? null : json.Deserialize<LoginRequest>(ForestJson.Options);
        }
        catch (JsonException)
        {
            throw ForestRequestException.BadRequest("The body must be JSON: {\"email\": \"...\", \"password\": \"...\"}.");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            throw ForestRequestException.BadRequest("email and password are required.");
        }

        var lockout = http.RequestServices.GetRequiredService<LoginProtection>();
        var account = LoginProtection.Account(body.Email);
        var lockedFor = await lockout.LockedForAsync(account, http.RequestAborted).ConfigureAwait(false);

        // Credentials are always checked (a password hash is computed even for an unknown or locked account), so
        // that neither the answer nor its timing tells which emails exist.
        var user = await login.ValidateCredentialsAsync(body.Email, body.Password, http.RequestAborted).ConfigureAwait(false);
        if (lockedFor is { } wait)
        {
            throw LoginProtection.TooMany("Too many failed logins for this account: try again later.", wait);
        }

        if (user is null)
        {
            await RecordFailureAsync(http, lockout, account, body.Email).ConfigureAwait(false);
            throw new ForestRequestException(401, ForestErrorNames.Unauthorized, "The email or the password is wrong.");
        }

        await lockout.ResetAsync(account, http.RequestAborted).ConfigureAwait(false);

        var options = http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value;
        var token = http.RequestServices.GetRequiredService<IForestTokenService>().CreateToken(user);
        http.Response.Cookies.Append(ForestAuthenticationDefaults.CookieName, token, CookieOptions(http, options.TokenLifetime));
        return HttpResults.Json(new LoginResponse(token), ForestJson.Options);
    }

    private static async Task RecordFailureAsync(HttpContext http, LoginProtection lockout, string account, string email)
    {
        var activity = http.RequestServices.GetRequiredService<ISecurityLog>();
        var route = "POST /forest/authentication";
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        await activity.RecordAsync(SecurityEvents.LoginFailed, null, email, route, $"wrong email or password, from {address}", 401).ConfigureAwait(false);
        if (await lockout.RecordFailureAsync(account, http.RequestAborted).ConfigureAwait(false))
        {
            await activity.RecordAsync(SecurityEvents.Lockout, null, email, route, "account locked after repeated failures", 429).ConfigureAwait(false);
        }
    }

    /// <summary>Ends every session of the caller (their tokens are refused from now on) and deletes the cookie.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext http)
    {
        http.Response.Cookies.Delete(ForestAuthenticationDefaults.CookieName, CookieOptions(http, TimeSpan.Zero));
        var sessions = http.RequestServices.GetRequiredService<IUserSessions>();
        if (!sessions.AreStored)
        {
            return HttpResults.NoContent();
        }

        ForestUser user;
        try
        {
            user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        }
        catch (ForestRequestException exception) when (exception.Status == 401)
        {
            return HttpResults.NoContent(); // no live session to end
        }

        await sessions.RevokeAsync(user.Id, http.RequestAborted).ConfigureAwait(false);
        return HttpResults.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = lifetime,
    };

    /// <summary>The login body.</summary>
    internal sealed record LoginRequest(string? Email, string? Password);

    /// <summary>The login answer.</summary>
    internal sealed record LoginResponse([property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token);
}
