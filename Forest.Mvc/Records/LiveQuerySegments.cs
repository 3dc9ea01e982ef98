using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Records;

/// <summary>
/// Live-query segments (<c>segmentQuery</c>): refused unless <see cref="ForestOptions.LiveQuerySegments"/> is on;
/// then the SQL, checked to be one parameter-free <c>SELECT</c>, runs in a read-only transaction on the named
/// connection, within <see cref="ForestOptions.LiveQueryTimeout"/>, and answers at most
/// <see cref="ForestOptions.MaxLiveQueryIds"/> ids, which the list query then intersects with its filters and scope.
/// </summary>
internal sealed partial class LiveQuerySegments(IOptions<ForestOptions> options)
{
    public const string DefaultConnection = "main";

    private const int MaxSqlLength = 10_000;

    /// <summary>The connection names clients may send (<c>nativeQueryConnections</c> of the capabilities).</summary>
    public IReadOnlyList<string> ConnectionNames => !options.Value.LiveQuerySegments ? []
        : options.Value.LiveQueryConnections.Count == 0 ? [DefaultConnection] : [.. options.Value.LiveQueryConnections.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The query with the ids of its live-query segment resolved; the query itself when it has none.</summary>
    public async Task<ListQuery> ResolveAsync(DbContext db, ListQuery query, CancellationToken cancellationToken)
    {
        if (query.SegmentQuery is not { } sql || query.SegmentIds is not null)
        {
            return query;
        }

        if (!options.Value.LiveQuerySegments)
        {
            throw ForestRequestException.BadRequest("segmentQuery: live-query segments are not enabled (Forest:LiveQuerySegments). The SQL segment is refused rather than ignored, so that a list or a \"select all\" never reaches more records than the segment holds.");
        }

        var connectionString = ConnectionString(db, query.ConnectionName ?? DefaultConnection);
        var select = Check(sql);
        return query with { SegmentIds = await RunAsync(db, connectionString, select, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>One parameter-free <c>SELECT</c> (or <c>WITH … SELECT</c>) statement, or a 400 saying why not.</summary>
    internal static string Check(string sql)
    {
        static ForestRequestException Refused(string why) => ForestRequestException.BadRequest($"segmentQuery: {why}");
        if (sql.Length > MaxSqlLength)
        {
            throw Refused($"the SQL is longer than {MaxSqlLength} characters.");
        }

        var code = StripLiteralsAndComments(sql).Trim().TrimEnd(';').Trim();
        if (!LeadingKeyword().IsMatch(code))
        {
            throw Refused("only a SELECT statement returning an 'id' column is accepted.");
        }

        if (code.Contains(';', StringComparison.Ordinal))
        {
            throw Refused("only one statement is accepted.");
        }

        if (ForbiddenKeyword().Match(code) is { Success: true } keyword)
        {
            throw Refused($"'{keyword.Value.ToUpperInvariant()}' is not accepted: a live-query segment only reads.");
        }

        if (Placeholder().IsMatch(code))
        {
            throw Refused("parameters are not accepted: the SQL must be complete.");
        }

        return sql.Trim().TrimEnd(';');
    }

    private string ConnectionString(DbContext db, string name)
    {
        if (options.Value.LiveQueryConnections.Count == 0)
        {
            return name == DefaultConnection
                ? db.Database.GetConnectionString() ?? throw new InvalidOperationException("The application's DbContext has no connection string.")
                : throw ForestRequestException.BadRequest($"connectionName: '{name}' is not a live-query connection (known: {DefaultConnection}).");
        }

        return options.Value.LiveQueryConnections.TryGetValue(name, out var connectionString)
            ? connectionString
            : throw ForestRequestException.BadRequest($"connectionName: '{name}' is not a live-query connection (known: {string.Join(", ", ConnectionNames)}).");
    }

    /// <summary>Runs the segment on its own connection, read-only, within the timeout; answers the ids as text.</summary>
    private async Task<List<string>> RunAsync(DbContext db, string connectionString, string select, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = (DbConnection)Activator.CreateInstance(db.Database.GetDbConnection().GetType())!;
        var sqlite = connection.GetType().FullName == "Microsoft.Data.Sqlite.SqliteConnection";

        // On SQLite, query_only is a setting of the connection: a connection of its own, never returned to a pool.
        connection.ConnectionString = sqlite ? new DbConnectionStringBuilder { ConnectionString = connectionString, ["Pooling"] = "False" }.ConnectionString : connectionString;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.LiveQueryTimeout);
        try
        {
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, timeout.Token).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, sqlite ? "PRAGMA query_only = 1" : "SET TRANSACTION READ ONLY", timeout.Token).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT \"forest_segment\".\"id\" FROM ({select}) AS \"forest_segment\"";
            command.CommandTimeout = (int)Math.Ceiling(settings.LiveQueryTimeout.TotalSeconds);
            using var interrupt = sqlite ? timeout.Token.Register(() => SqliteInterrupt.Run(connection)) : default;
            var ids = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    if (ids.Count == settings.MaxLiveQueryIds)
                    {
                        throw ForestRequestException.BadRequest($"segmentQuery: the segment holds more than {settings.MaxLiveQueryIds} records (Forest:MaxLiveQueryIds).");
                    }

                    ids.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "");
                }
            }

            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return ids;
        }
        catch (Exception exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ForestRequestException(400, ForestErrorNames.Validation, $"segmentQuery: the segment ran longer than {settings.LiveQueryTimeout.TotalSeconds:0.#} s (Forest:LiveQueryTimeout) and was stopped.", exception);
        }
        catch (DbException exception)
        {
            throw new ForestRequestException(400, ForestErrorNames.Validation, $"segmentQuery: the database refused the SQL: {exception.Message.Split('\n')[0]}", exception);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SQL with its string literals, quoted identifiers and comments blanked, so that keywords in them do not count.</summary>
    private static string StripLiteralsAndComments(string sql)
    {
        var code = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                var end = sql.IndexOf(c, i + 1);
                i = end < 0 ? sql.Length : end;
                code.Append(' ');
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
                code.Append(' ');
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                code.Append(' ');
            }
            else
            {
                code.Append(c);
            }
        }

        return code.ToString();
    }

    [GeneratedRegex(@"^(SELECT|WITH)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingKeyword();

    [GeneratedRegex(@"\b(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|DROP|ALTER|CREATE|TRUNCATE|ATTACH|DETACH|PRAGMA|VACUUM|REINDEX|ANALYZE|GRANT|REVOKE|COPY|CALL|EXEC|EXECUTE|DO|INTO|LOCK|SET|RESET|LISTEN|NOTIFY|LOAD_EXTENSION|PG_SLEEP|PG_TERMINATE_BACKEND|PG_CANCEL_BACKEND|PG_READ_FILE|PG_READ_BINARY_FILE|LO_IMPORT|LO_EXPORT|DBLINK|RANDOMBLOB|ZEROBLOB)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenKeyword();

    [GeneratedRegex(@"(\?|(?<![:\w]):[A-Za-z_]|@[A-Za-z_]|\$\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>Interrupts a running SQLite statement (Microsoft.Data.Sqlite does not on cancellation), found by reflection so the library needs no SQLite reference.</summary>
internal static class SqliteInterrupt
{
    private static readonly Lazy<System.Reflection.MethodInfo?> Interrupt = new(() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType("SQLitePCL.raw", throwOnError: false))
            .OfType<Type>()
            .Select(t => t.GetMethod("sqlite3_interrupt"))
            .FirstOrDefault(m => m is not null));

    public static void Run(DbConnection connection)
    {
        var handle = connection.GetType().GetProperty("Handle")?.GetValue(connection);
        if (handle is not null)
        {
            Interrupt.Value?.Invoke(null, [handle]);
        }
    }
}
