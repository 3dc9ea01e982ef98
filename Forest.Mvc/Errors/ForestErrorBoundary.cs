using System.Globalization;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Errors;

/// <summary>
/// The outermost middleware of every Forest route (added by <c>AddForest</c> through an <see cref="IStartupFilter"/>):
/// whatever is thrown, the caller gets one whole Forest JSON error (see <see cref="ExceptionClassifier"/>), and an
/// empty 404, 405 or 413 becomes one too. Responses carrying data or tokens get <c>Cache-Control: no-store</c> and
/// <c>X-Content-Type-Options: nosniff</c>. Database commands of the request are bounded by
/// <see cref="ForestOptions.DatabaseTimeout"/> (see <c>DatabaseDeadline</c>).
/// </summary>
internal sealed partial class ForestErrorBoundary(RequestDelegate next, IOptions<ForestOptions> options, ILogger<ForestErrorBoundary> logger)
{
    public static readonly PathString Prefix = "/forest";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(Prefix))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        }, http.Response);

        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsHandled(http, exception))
        {
            await RespondAsync(http, exception, options.Value, logger).ConfigureAwait(false);
            return;
        }

        await ReplaceEmptyStatusAsync(http).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="exception"/> is answered (a request the client aborted is not).</summary>
    public static bool IsHandled(HttpContext http, Exception exception) =>
        !(exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested);

    /// <summary>
    /// Answers <paramref name="exception"/> in the Forest shape. Also called by the endpoint and MVC filters of
    /// Forest routes, so that middleware placed between (such as the developer exception page) never sees it.
    /// </summary>
    public static Task RespondAsync(HttpContext http, Exception exception)
    {
        var services = http.RequestServices;
        return RespondAsync(
            http,
            exception,
            services.GetRequiredService<IOptions<ForestOptions>>().Value,
            services.GetRequiredService<ILogger<ForestErrorBoundary>>());
    }

    private static async Task RespondAsync(HttpContext http, Exception exception, ForestOptions options, ILogger logger)
    {
        var error = ExceptionClassifier.Classify(exception, RetryAfterSeconds(options));
        if (error.IsUnexpected)
        {
            LogUnexpected(logger, exception, http.Request.Method, http.Request.Path, http.TraceIdentifier);
        }
        else if (error.Status == 503)
        {
            LogUnavailable(logger, http.Request.Method, http.Request.Path, exception.GetType().Name, exception.Message);
        }

        if (http.Response.HasStarted)
        {
            // Part of a response is already out: cut it rather than let the client take it as whole.
            http.Abort();
            return;
        }

        http.Response.Clear();
        if (exception is ForestRequestException forest)
        {
            // Its own shape (field errors, a notification, or a Forest error with its data), with its Retry-After.
            await ForestErrorWriter.WriteAsync(http, forest).ConfigureAwait(false);
            return;
        }

        await WriteErrorAsync(http, error).ConfigureAwait(false);
    }

    /// <summary>Writes a classified error, with <c>Retry-After</c> and the correlation id where they apply.</summary>
    public static Task WriteErrorAsync(HttpContext http, ClassifiedError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (error.IsUnexpected)
        {
            return ForestErrorWriter.WriteAsync(http, error.Status, error.Name, $"{error.Detail} Correlation id: {http.TraceIdentifier}.", new { correlationId = http.TraceIdentifier });
        }

        return ForestErrorWriter.WriteAsync(http, error.Status, error.Name, error.Detail);
    }

    internal static int RetryAfterSeconds(ForestOptions options) => (int)Math.Clamp(Math.Ceiling(options.DatabaseTimeout.TotalSeconds), 1, 60);

    private static Task ReplaceEmptyStatusAsync(HttpContext http)
    {
        var response = http.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength > 0)
        {
            return Task.CompletedTask;
        }

        return response.StatusCode switch
        {
            404 => ForestErrorWriter.WriteAsync(http, 404, ForestErrorNames.NotFound, $"No Forest route matches {http.Request.Method} {http.Request.Path}."),
            405 => ForestErrorWriter.WriteAsync(http, 405, "MethodNotAllowedError", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
            413 => ForestErrorWriter.WriteAsync(http, 413, ForestErrorNames.PayloadTooLarge, "The request body is larger than this route accepts."),
            _ => Task.CompletedTask,
        };
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path} (correlation id {CorrelationId}).")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string correlationId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable ({Exception}: {Reason}).")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exception, string reason);
}

/// <summary>Puts <see cref="ForestErrorBoundary"/> first in the application's pipeline.</summary>
internal sealed class ForestErrorBoundaryStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ForestErrorBoundary>();
        next(app);
    };
}
