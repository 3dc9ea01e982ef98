using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Forest.Mvc;

/// <summary>
/// What a smart action answers, written in the exact wire shape the Forest front-end understands. Create results
/// with the helpers of <see cref="SmartActionsController{TEntity}"/> (<c>Success</c>, <c>Error</c>, <c>Html</c>…).
/// </summary>
public abstract class SmartActionResult : IActionResult
{
    private protected SmartActionResult()
    {
    }

    /// <summary>The HTTP status the result is written with.</summary>
    public abstract int StatusCode { get; }

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var action = context.ActionDescriptor?.Properties is { } properties && properties.TryGetValue(typeof(Actions.SmartActionDescriptor), out var found) ? found as Actions.SmartActionDescriptor : null;
        return WriteAsync(context.HttpContext, action);
    }

    /// <summary>Writes the answer of <paramref name="action"/> (the smart action that answered, when the result runs in one).</summary>
    private protected abstract Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action);

    private protected static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, body.GetType(), ForestJson.Options, "application/json; charset=utf-8", context.RequestAborted);
    }

    /// <summary>Whether <paramref name="url"/> is a relative path (<c>/…</c>) or an absolute http/https URL.</summary>
    internal static bool IsSafeUrl(string? url, bool allowRelative)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Any(char.IsControl))
        {
            return false;
        }

        if (allowRelative && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }
}

/// <summary>204 No Content: the front shows its default success notification.</summary>
public sealed class DefaultActionResult : SmartActionResult
{
    internal static DefaultActionResult Instance { get; } = new();

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status204NoContent;

    private protected override Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action)
    {
        context.Response.StatusCode = StatusCode;
        return Task.CompletedTask;
    }
}
