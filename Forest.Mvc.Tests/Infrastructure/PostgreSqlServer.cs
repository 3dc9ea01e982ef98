using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the tests: <c>FOREST_TEST_POSTGRES</c> holds a connection string without a database
/// (.ci/run starts Debian's PostgreSQL and sets it). Each Live Demo gets two fresh databases, dropped afterwards.
/// Without the variable the PostgreSQL tests are skipped, except in CI, where they fail.
/// </summary>
public static class PostgreSqlServer
{
    public const string Variable = "FOREST_TEST_POSTGRES";

    public static string Require()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{Variable} is missing: .ci/run starts PostgreSQL and sets it.");
        }

        Assert.Ignore($"{Variable} is not set: start PostgreSQL and set it (e.g. Host=127.0.0.1;Username=forest;Password=forest) to run the PostgreSQL tests.");
        return "";
    }

    /// <summary>
    /// The Live Demo on PostgreSQL (its data and the library's store), on two databases of its own, or on the
    /// databases named <paramref name="shared"/> (several instances of one deployment; the one with
    /// <paramref name="drop"/> drops them when disposed).
    /// </summary>
    public static LiveDemoFactory LiveDemo(SqlCommandLog? log = null, string? shared = null, bool drop = true, string environment = "Development", params (string Key, string? Value)[] settings)
    {
        var server = Require();
        var name = shared ?? "forest_t_" + Guid.NewGuid().ToString("N")[..12];
        var data = $"{server};Database={name}_data";
        var store = $"{server};Database={name}_store";
        return LiveDemoFactory.Logged(new LiveDemoFactory([("LiveDemo:Provider", "PostgreSql"), ("ConnectionStrings:LiveDemo", data), ("ConnectionStrings:ForestStore", store), .. settings])
        {
            Environment = environment,

            // A deployment's databases (shared) are made by its instances, as in production; a test's own are copies of the template.
            Prepare = shared is null ? factory => LiveDemoTemplates.CopyPostgreSql(server, factory.SeedScale, name) : null,
            AfterDispose = drop ? () => Drop(server, $"{name}_data", $"{name}_store") : null,
        }, log);
    }

    /// <summary>
    /// Drops the test's databases. A server process of another role (autovacuum) may hold one for a moment, which
    /// <c>WITH (FORCE)</c> cannot end: retried, then left for the server to drop with the cluster.
    /// </summary>
    public static void Drop(string server, params string[] databases)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection($"{server};Database=postgres");
        connection.Open();
        foreach (var database in databases)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
                    command.ExecuteNonQuery();
                    break;
                }
                catch (PostgresException e) when (e.SqlState is "42501" or "55006")
                {
                    if (attempt == 10)
                    {
                        TestContext.Progress.WriteLine($"{database} left on the server: {e.MessageText}");
                        break;
                    }

                    Thread.Sleep(200);
                }
            }
        }
    }
}
