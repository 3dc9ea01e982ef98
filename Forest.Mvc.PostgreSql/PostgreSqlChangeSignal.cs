using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Forest.Mvc;

/// <summary>
/// PostgreSQL's <c>NOTIFY</c>/<c>LISTEN</c> on the channel <c>forest_rules</c>: a change is announced in the
/// transaction that made it (heard at its commit); each instance listens on a connection of its own (not pooled, named
/// <c>forest-mvc rules listener</c> in <c>pg_stat_activity</c>), opened with the store's settings, and checks it after
/// every 30 s of silence with a <c>SELECT 1</c> so that a dead connection is noticed.
/// </summary>
internal sealed class PostgreSqlChangeSignal : ForestChangeSignal
{
    /// <summary>The channel the store's changes are announced on.</summary>
    public const string Channel = "forest_rules";

    /// <summary>The listening connection's <c>application_name</c>, as <c>pg_stat_activity</c> shows it.</summary>
    public const string ApplicationName = "forest-mvc rules listener";

    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(30);

    public override Task AnnounceAsync(DbContext store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{Channel}', '')", cancellationToken);
    }

    public override async Task ListenAsync(DbContext store, Action listening, Action heard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(listening);
        ArgumentNullException.ThrowIfNull(heard);
        var template = store.Database.GetDbConnection() as NpgsqlConnection
            ?? throw new InvalidOperationException("The PostgreSQL store's connection is not an NpgsqlConnection.");
        var settings = new NpgsqlConnectionStringBuilder(template.ConnectionString) { ApplicationName = ApplicationName, Pooling = false };
        await using var connection = template.CloneWith(settings.ConnectionString);
        connection.Notification += (_, _) => heard();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        listening();
        while (true)
        {
            if (!await connection.WaitAsync(Silence, cancellationToken).ConfigureAwait(false))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
