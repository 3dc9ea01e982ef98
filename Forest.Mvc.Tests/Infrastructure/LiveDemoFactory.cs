using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>The Live Demo on a fresh SQLite file of its own, with a small seed and a known token secret.</summary>
public sealed class LiveDemoFactory : WebApplicationFactory<Program>
{
    public const string Secret = "forest-mvc-tests-secret-0123456789-abcdefghij";

    /// <summary>The Live Demo's seed scale in the tests (50 companies), for hosts and processes alike.</summary>
    public const string TestSeedScale = "0.05";

    private readonly Dictionary<string, string?> _settings;

    public LiveDemoFactory(params (string Key, string? Value)[] settings)
    {
        Directory = TestPaths.NewFolder();
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:LiveDemo"] = $"Data Source={Path.Combine(Directory, "livedemo.db")}",
            ["ConnectionStrings:ForestStore"] = $"Data Source={Path.Combine(Directory, "forest-store.db")}",
            ["Forest:AuthSecret"] = Secret,
            ["Forest:SchemaFilePath"] = Path.Combine(Directory, ".forestadmin-schema.json"),
            ["LiveDemo:SeedScale"] = TestSeedScale,

            // Fixtures log many users in within a minute from one address; the login tests set their own limits.
            ["Forest:Login:MaxAttemptsPerAddress"] = "10000",

            // Hundreds of hosts start in a run: their start-up lines would only bury a failing test's warnings.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>The providers the integration fixtures run on (<c>[TestFixture(Sqlite)]</c>, <c>[TestFixture(PostgreSql)]</c>).</summary>
    public const string Sqlite = "Sqlite";

    /// <inheritdoc cref="Sqlite"/>
    public const string PostgreSql = "PostgreSql";

    /// <summary>
    /// A Live Demo on <paramref name="provider"/>: SQLite files of its own, or two fresh PostgreSQL databases on
    /// the tests' server (dropped when disposed).
    /// </summary>
    public static LiveDemoFactory For(string provider, params (string Key, string? Value)[] settings) =>
        For(provider, log: null, "Development", settings);

    /// <summary>The same, with the application's SQL recorded in <paramref name="log"/> and the given host environment.</summary>
    public static LiveDemoFactory For(string provider, SqlCommandLog? log, string environment, params (string Key, string? Value)[] settings) =>
        provider == PostgreSql
            ? PostgreSqlServer.LiveDemo(log, environment: environment, settings: settings)
            : Logged(new LiveDemoFactory(settings) { Environment = environment }, log);

    /// <summary>Records the application's SQL in <paramref name="log"/>, when given.</summary>
    internal static LiveDemoFactory Logged(LiveDemoFactory factory, SqlCommandLog? log) =>
        log is null ? factory : factory.WithServices(services => services.ConfigureDbContext<LiveDemoContext>(o => o.AddInterceptors(log)));

    /// <summary>A Live Demo whose application database commands are recorded in <paramref name="log"/>.</summary>
    public static LiveDemoFactory WithSqlLog(SqlCommandLog log, string environment = "Development") => For(Sqlite, log, environment);

    /// <summary>A setting given to this instance (e.g. its connection strings, to start another instance on the same databases).</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>Extra service registrations applied after the Live Demo's own (e.g. EF Core interceptors).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    /// <summary>Adds registrations applied after the Live Demo's own and after those already given (before the first request).</summary>
    public LiveDemoFactory WithServices(Action<IServiceCollection> more)
    {
        var previous = ExtraServices;
        ExtraServices = previous is null ? more : services =>
        {
            previous(services);
            more(services);
        };
        return this;
    }

    /// <summary>The host environment.</summary>
    /// <value>Defaults to Development.</value>
    public string Environment { get; init; } = "Development";

    /// <summary>The folder holding this instance's database files and schema file.</summary>
    public string Directory { get; }

    /// <summary>Runs <paramref name="work"/> on a fresh <see cref="LiveDemoContext"/>.</summary>
    public async Task<T> WithDbAsync<T>(Func<LiveDemoContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LiveDemoContext>());
    }

    /// <summary>Runs <paramref name="work"/> on a fresh context of the library's store (roles, approvals, activity…).</summary>
    internal async Task<T> WithStoreAsync<T>(Func<Forest.Mvc.Storage.ForestStoreContext, Task<T>> work)
    {
        await Services.GetRequiredService<Forest.Mvc.Activity.ActivityWriter>().FlushAsync(); // entries are written in batches
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Forest.Mvc.Storage.ForestStoreContext>());
    }

    /// <summary>
    /// Starts on a copy of the run's template databases (seeded and migrated once, see <see cref="LiveDemoTemplates"/>)
    /// instead of seeding its own.
    /// </summary>
    /// <value>Defaults to true; the template's own factory and the tests of a first start set it to false.</value>
    public bool UseTemplate { get; init; } = true;

    /// <summary>Makes this instance's databases before the host starts (a PostgreSQL copy of the template).</summary>
    internal Action<LiveDemoFactory>? Prepare { get; init; }

    private int _prepared;

    /// <summary>The PBKDF2 rounds of the tests' password hashes (ASP.NET Core Identity's default is 100 000).</summary>
    public const int TestIterations = 10;

    /// <summary>The seed scale of this instance.</summary>
    internal string SeedScale => _settings["LiveDemo:SeedScale"] ?? "1";

    /// <summary>
    /// The given preparation (PostgreSQL), else a copy of the SQLite template into this instance's folder when its
    /// data lives there (a second instance on another's files, or a PostgreSQL one, copies nothing).
    /// </summary>
    private void PrepareDatabases()
    {
        if (Prepare is { } prepare)
        {
            prepare(this);
        }
        else if (UseTemplate && Setting("ConnectionStrings:LiveDemo")!.Contains(Directory, StringComparison.Ordinal))
        {
            LiveDemoTemplates.CopySqlite(SeedScale, Directory);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Once: a factory derived with WithWebHostBuilder runs this again, and finds its databases there.
        if (Interlocked.Exchange(ref _prepared, 1) == 0)
        {
            PrepareDatabases();
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment(Environment);

        // Passwords are hashed with few PBKDF2 rounds (the cost is stored in each hash, so logins verify as cheaply);
        // the login tests check what a user notices (lockouts, answers), not the hashing cost.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestIterations));
        if (ExtraServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    /// <summary>Keeps the database files when the host is disposed (the test reads them, then deletes <see cref="Directory"/>).</summary>
    public bool KeepFiles { get; init; }

    /// <summary>Runs after the host is disposed (e.g. drops the PostgreSQL databases of this instance).</summary>
    public Action? AfterDispose { get; init; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        AfterDispose?.Invoke();
        SqliteConnection.ClearAllPools();
        if (!KeepFiles)
        {
            TestPaths.TryDelete(Directory);
        }
    }
}
