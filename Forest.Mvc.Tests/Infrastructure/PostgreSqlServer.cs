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
    public static LiveDemoFactory LiveDemo(SqlCommandLog? log = null, string? shared = null, bool drop = true)
    {
        var server = Require();
        var name = shared ?? "forest_t_" + Guid.NewGuid().ToString("N")[..12];
        var data = $"{server};Database={name}_data";
        var store = $"{server};Database={name}_store";
        return new LiveDemoFactory(("LiveDemo:Provider", "PostgreSql"), ("ConnectionStrings:LiveDemo", data), ("ConnectionStrings:ForestStore", store))
        {
            ExtraServices = log is null ? null : services => services.ConfigureDbContext<LiveDemoContext>(o => o.AddInterceptors(log)),
            AfterDispose = drop ? () => Drop(server, $"{name}_data", $"{name}_store") : null,
        };
    }

    private static void Drop(string server, params string[] databases)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection($"{server};Database=postgres");
        connection.Open();
        foreach (var database in databases)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}
