using Forest.Mvc.Hosting;
using Forest.Mvc.Storage;
using Forest.Mvc.Storage.Migrations;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Forest.Mvc.Tests.Storage;

/// <summary>
/// A store database of its own for one test, on SQLite (a temporary file) or PostgreSQL (a fresh database on the
/// tests' server, dropped afterwards), and small hosts that use it.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    private readonly string? _server;
    private readonly string? _directory;

    public StoreDatabase(string provider)
    {
        Provider = provider;
        if (provider == "PostgreSql")
        {
            _server = PostgreSqlServer.Require();
            Name = "forest_s_" + Guid.NewGuid().ToString("N")[..12];
            ConnectionString = $"{_server};Database={Name}";
        }
        else
        {
            _directory = TestPaths.NewFolder();
            Name = Path.Combine(_directory, "forest-store.db");
            ConnectionString = $"Data Source={Name}";
        }
    }

    public string Provider { get; }

    /// <summary>The database name (PostgreSQL) or file (SQLite).</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    public void Use(DbContextOptionsBuilder options)
    {
        if (Provider == "PostgreSql")
        {
            options.UseNpgsql(ConnectionString);
        }
        else
        {
            options.UseSqlite(ConnectionString);
        }
    }

    /// <summary>A context on this database with the store's settings, outside any host.</summary>
    internal ForestStoreContext Context()
    {
        var options = new DbContextOptionsBuilder<ForestStoreContext>();
        Use(options);
        StoreProvider.Configure(options, [StoreProvider.Sqlite, new PostgreSqlStoreProvider(), new SqlServerStoreProvider()]);
        return new ForestStoreContext(options.Options);
    }

    /// <summary>Creates the database, empty (PostgreSQL; a SQLite file is created when first opened).</summary>
    public async Task CreateEmptyAsync()
    {
        if (_server is null)
        {
            return;
        }

        await using var admin = new NpgsqlConnection($"{_server};Database=postgres");
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a SQL script on this database, as a team applying the store's DDL itself would.</summary>
    public async Task RunScriptAsync(string script)
    {
        if (_server is null)
        {
            await using var sqlite = new SqliteConnection(ConnectionString);
            await sqlite.OpenAsync();
            await using var command = new SqliteCommand(script, sqlite);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var run = new NpgsqlCommand(script, connection);
        await run.ExecuteNonQueryAsync();
    }

    /// <summary>Makes this database the store of Forest.Mvc 0.1.0 kept under the tests' data.</summary>
    public Task RestoreLegacyAsync() => RestoreLegacyAsync(Provider, Name, _server);

    /// <summary>Makes <paramref name="name"/> (a SQLite file, or a PostgreSQL database on <paramref name="server"/>) the store of 0.1.0.</summary>
    public static async Task RestoreLegacyAsync(string provider, string name, string? server)
    {
        var data = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Legacy");
        if (provider == "Sqlite")
        {
            File.Copy(Path.Combine(data, "store-0.1.0.sqlite.db"), name);
            return;
        }

        await using (var admin = new NpgsqlConnection($"{server};Database=postgres"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        // A connection of its own: the dump empties search_path for its session.
        await using var connection = new NpgsqlConnection($"{server};Database={name};Pooling=false");
        await connection.OpenAsync();
        await using var restore = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(data, "store-0.1.0.postgresql.sql")), connection);
        await restore.ExecuteNonQueryAsync();
    }

    /// <summary>A small application (the tests' catalog, Production rules) whose store is this database.</summary>
    public WebApplication Host(Action<ForestBuilder>? more = null, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Forest:AuthSecret"] = LiveDemoFactory.Secret;
        builder.Configuration["Forest:SchemaFilePath"] = "";
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddDbContext<CatalogContext>(o => o.UseSqlite("Data Source=:memory:"));
        var forest = builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>().AddStore(Use).UsePostgreSqlStore().UseSqlServerStore()
            .AddRole("Admin", role => role.Trigger("*", "*"))
            .AddRole("Clerk", role => role.Trigger("products", "*"))
            .AddScope(new Forest.Mvc.ScopeSeed("products", new { field = "active", @operator = "equal", value = true }, Role: "Clerk"))
            .AddUser(new ForestUserSeed { Email = "admin@store.test", Password = "store-password-1", Role = "Admin", PermissionLevel = "admin" })
            .AddUser(new ForestUserSeed { Email = "clerk@store.test", Password = "store-password-1", Role = "Clerk" });
        more?.Invoke(forest);
        var app = builder.Build();
        app.MapForest();
        return app;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            PostgreSqlServer.Drop(_server, Name);
        }
        else if (_directory is not null)
        {
            TestPaths.TryDelete(_directory);
        }
    }
}
