using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// Template databases: the Live Demo is started once per provider and seed scale in a test run (its data seeded,
/// the store migrated and seeded, Quartz's tables made, the demo users' passwords hashed), then every Live Demo of
/// the tests starts on a copy: a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL. A start
/// then finds everything in place, as a restarted production instance does, and only checks it.
/// </summary>
/// <remarks>
/// The tests of a first start (migrations, several instances starting together, a 0.1.0 store) make their
/// databases themselves (<c>StoreDatabase</c>, <c>PostgreSqlServer.LiveDemo(shared: …)</c>) and never use a
/// template.
/// </remarks>
internal static class LiveDemoTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new();

    /// <summary>Copies the SQLite template of <paramref name="scale"/> into <paramref name="directory"/> (files already there are kept).</summary>
    public static void CopySqlite(string scale, string directory)
    {
        var template = Made.GetOrAdd($"sqlite:{scale}", _ => new Lazy<string>(() => MakeSqlite(scale))).Value;
        foreach (var file in Directory.GetFiles(template, "*.db"))
        {
            var target = Path.Combine(directory, Path.GetFileName(file));
            if (!File.Exists(target))
            {
                File.Copy(file, target);
            }
        }
    }

    /// <summary>Creates <paramref name="name"/>_data and <paramref name="name"/>_store from the PostgreSQL template of <paramref name="scale"/>.</summary>
    public static void CopyPostgreSql(string server, string scale, string name)
    {
        var template = Made.GetOrAdd($"postgres:{scale}", _ => new Lazy<string>(() => MakePostgreSql(server, scale))).Value;
        using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        connection.Open();
        foreach (var suffix in (string[])["_data", "_store"])
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}{suffix}\" TEMPLATE \"{template}{suffix}\"";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Drops the PostgreSQL templates of this run (the SQLite ones are in the temporary folder).</summary>
    public static void DropAll()
    {
        foreach (var (key, made) in Made)
        {
            if (!made.IsValueCreated)
            {
                continue;
            }

            if (key.StartsWith("postgres:", StringComparison.Ordinal) && Environment.GetEnvironmentVariable(PostgreSqlServer.Variable) is { Length: > 0 } server)
            {
                PostgreSqlServer.Drop(server, $"{made.Value}_data", $"{made.Value}_store");
            }
            else if (key.StartsWith("sqlite:", StringComparison.Ordinal))
            {
                TestPaths.TryDelete(made.Value);
            }
        }
    }

    private static string MakeSqlite(string scale)
    {
        var factory = new LiveDemoFactory(("LiveDemo:SeedScale", scale)) { UseTemplate = false, KeepFiles = true };
        try
        {
            _ = factory.Services; // starts the host: seeds, migrates, makes Quartz's tables
        }
        finally
        {
            factory.Dispose(); // closes every connection: the write-ahead log is checkpointed into the files
        }

        foreach (var log in Directory.GetFiles(factory.Directory, "*.db-wal"))
        {
            using var connection = new SqliteConnection($"Data Source={log[..^4]};Pooling=false");
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        return factory.Directory;
    }

    private static string MakePostgreSql(string server, string scale)
    {
        var name = $"forest_tpl_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
        using (var factory = PostgreSqlServer.LiveDemo(shared: name, drop: false, settings: [("LiveDemo:SeedScale", scale)]))
        {
            _ = factory.Services;
        }

        NpgsqlConnection.ClearAllPools(); // a template must have no session open
        return name;
    }
}
