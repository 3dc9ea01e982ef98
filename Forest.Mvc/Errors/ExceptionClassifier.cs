using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Errors;

/// <summary>How an exception thrown while serving a Forest route is answered.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Name">The Forest error name.</param>
/// <param name="Detail">A message safe to show the caller: never exception text of unknown origin.</param>
/// <param name="IsUnexpected">A server fault, logged as an error with its correlation id.</param>
internal sealed record ClassifiedError(int Status, string Name, string Detail, bool IsUnexpected = false)
{
    /// <summary>Seconds for <c>Retry-After</c>, on a 503.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>
/// Maps exceptions to Forest errors: the caller's fault (malformed or invalid UTF-8 JSON, a request too large for
/// the database) is a 400; a database that is busy, locked, timing out or unreachable is a 503 with
/// <c>Retry-After</c>; anything else a 500 <c>UnexpectedError</c> without internal details.
/// </summary>
internal static class ExceptionClassifier
{
    public const string ServiceUnavailable = "ServiceUnavailableError";

    public const string Unexpected = "UnexpectedError";

    /// <summary>
    /// SQLite's primary result codes of a value the database refuses (too big, a constraint, a type mismatch, a
    /// parameter out of range). Every other SQLite error (busy, locked, read-only, I/O, full, cannot open, corrupt…)
    /// means the database file cannot be used now: a 503, nothing changed.
    /// </summary>
    private const int SqliteTooBig = 18;

    private const int SqliteConstraint = 19;

    private const int SqliteMismatch = 20;

    private const int SqliteRange = 25;

    public static ClassifiedError Classify(Exception exception, int retryAfterSeconds)
    {
        foreach (var cause in Chain(exception))
        {
            switch (cause)
            {
                case ForestRequestException forest:
                    return new ClassifiedError(forest.Status, forest.Name, forest.Message) { RetryAfterSeconds = forest.RetryAfterSeconds };
                case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                    return new ClassifiedError(413, ForestErrorNames.PayloadTooLarge, "The request body is larger than this route accepts.");
                case BadHttpRequestException bad:
                    return new ClassifiedError(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, ForestErrorNames.Validation, "The request is malformed: " + bad.Message);
                case DecoderFallbackException:
                    return InvalidUtf8;
                case InvalidOperationException when cause.Message.Contains("invalid UTF-8", StringComparison.OrdinalIgnoreCase):
                    return InvalidUtf8;
                case JsonException:
                    return new ClassifiedError(400, ForestErrorNames.Validation, "The body is not valid JSON.");
                case InsufficientExecutionStackException:
                    return new ClassifiedError(400, ForestErrorNames.Validation, "The request is nested too deeply to be processed.");
                case DbException db when TooLargeForDatabase(db):
                    return new ClassifiedError(400, ForestErrorNames.Validation, "The request is too large for the database (too many values or conditions); narrow it.");
                case DbException db when IsUnavailable(db):
                    return Unavailable(retryAfterSeconds);
                case TimeoutException:
                    return Unavailable(retryAfterSeconds);
            }
        }

        return new ClassifiedError(500, Unexpected, "An unexpected error occurred; it was logged on the server.", IsUnexpected: true);
    }

    /// <summary>Whether <paramref name="exception"/> means the database is busy, locked, timing out or unreachable (a 503).</summary>
    public static bool IsUnavailable(Exception exception) => Classify(exception, 1).Status == 503;

    public static ClassifiedError Unavailable(int retryAfterSeconds) =>
        new(503, ServiceUnavailable, "The database is unavailable or busy; nothing was changed. Retry in a few seconds.") { RetryAfterSeconds = retryAfterSeconds };

    private static ClassifiedError InvalidUtf8 => new(400, ForestErrorNames.Validation, "The body is not valid UTF-8 JSON.");

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var depth = 0;
        for (Exception? current = exception; current is not null && depth < 16; current = current.InnerException, depth++)
        {
            yield return current;
            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Take(4))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool IsUnavailable(DbException exception) =>
        exception.IsTransient
        || (IsSqlite(exception) && (SqliteCode(exception) & 0xFF) is not (SqliteTooBig or SqliteConstraint or SqliteMismatch or SqliteRange))
        || exception.Message.Contains("database is locked", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase)
        || exception.InnerException is TimeoutException or System.Net.Sockets.SocketException or IOException;

    private static bool TooLargeForDatabase(DbException exception) =>
        exception.Message.Contains("too many SQL variables", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Expression tree is too large", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("parser stack overflow", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("stack depth limit exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// SQLite's own result code (<c>SqliteException.SqliteErrorCode</c>, read by name: the library does not reference
    /// Microsoft.Data.Sqlite). <c>DbException.ErrorCode</c> is the HRESULT E_FAIL (0x80004005) for every
    /// SQLite error, whose low byte would read as SQLITE_BUSY.
    /// </summary>
    private static int SqliteCode(DbException exception) =>
        exception.GetType().GetProperty("SqliteErrorCode")?.GetValue(exception) is int code ? code : 0;

    private static bool IsSqlite(DbException exception) => exception.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException";
}
