using System.Text.Json.Nodes;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Forest.Mvc.Diagnostics;

/// <summary>
/// The health of what Forest.Mvc needs: the store and the collections' <c>DbContext</c> (EF Core's
/// <c>CanConnect</c> checks, tagged <see cref="Tag"/>), at <c>Forest:HealthPath</c> (default <c>/forest/health</c>).
/// Anonymous callers get <c>{"status"}</c> only; a caller with a valid Forest token also gets each check.
/// 200 when healthy or degraded, 503 when unhealthy.
/// </summary>
internal static class ForestHealth
{
    /// <summary>The tag of the library's health checks.</summary>
    public const string Tag = "forest";

    public static IEndpointConventionBuilder? Map(IEndpointRouteBuilder endpoints, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        return endpoints.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(Tag),
            ResponseWriter = WriteAsync,
        }).ExcludeFromDescription();
    }

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        var body = new JsonObject { ["status"] = report.Status.ToString() };
        if (await IsAuthenticatedAsync(http).ConfigureAwait(false))
        {
            body["checks"] = new JsonArray([.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(entry => (JsonNode)new JsonObject
            {
                ["name"] = entry.Key,
                ["status"] = entry.Value.Status.ToString(),
                ["durationMs"] = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                ["error"] = entry.Value.Exception?.Message.Split('\n')[0] ?? (entry.Value.Status == HealthStatus.Healthy ? null : entry.Value.Description),
            })]);
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Whether the caller sent a valid Forest token (a broken store only hides the detail).</summary>
    private static async Task<bool> IsAuthenticatedAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count == 0 && !http.Request.Cookies.ContainsKey(ForestAuthenticationDefaults.CookieName))
        {
            return false;
        }

        try
        {
            await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }
}
