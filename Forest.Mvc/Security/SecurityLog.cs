using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Security;

/// <summary>
/// Where security events go: failed logins, lockouts, and 401 or 403 answers of the management, job and hook
/// routes. The activity feature writes them to the activity log; the core only reports them.
/// </summary>
internal interface ISecurityLog
{
    /// <summary>Queues a security event; it never fails the request (an event that cannot be written now is retried).</summary>
    /// <param name="kind">One of <see cref="SecurityEvents"/>.</param>
    /// <param name="userId">The user, when known.</param>
    /// <param name="email">The email, when known.</param>
    /// <param name="route">The method and path.</param>
    /// <param name="outcome">What happened.</param>
    /// <param name="status">The status answered.</param>
    Task RecordAsync(string kind, string? userId, string? email, string route, string outcome, int status);
}

/// <summary>The kinds of security events.</summary>
internal static class SecurityEvents
{
    public const string LoginFailed = "login_failed";
    public const string Lockout = "lockout";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";

    /// <summary>Records a 401 or 403 answered to <paramref name="http"/> (other statuses are not security events).</summary>
    public static Task RecordRefusalAsync(HttpContext http, ForestRequestException refusal)
    {
        if (refusal.Status is not (401 or 403))
        {
            return Task.CompletedTask;
        }

        var user = http.Features.Get<ForestUser>();
        return http.RequestServices.GetRequiredService<ISecurityLog>().RecordAsync(
            refusal.Status == 401 ? Unauthorized : Forbidden, user?.Id, user?.Email, $"{http.Request.Method} {http.Request.Path}", $"{refusal.Name}: {refusal.Message}", refusal.Status);
    }
}
