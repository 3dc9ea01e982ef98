using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.HttpBench;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.HttpBench;

// Starts the Live Demo on 127.0.0.1 with a hand-written baseline mapped in the same host, then drives both with
// the same closed-loop load (N connections), interleaved, and prints forest req/s, baseline req/s and the ratio.
internal static class HttpBenchmark
{
    public static async Task Main(string[] args)
    {
        // "jobs" first: the background actions' benchmark (JobsBenchmark) instead of the routes against the baseline.
        var jobs = args.Length > 0 && args[0] == "jobs";
        args = jobs ? args[1..] : args;
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var connections = args.Length > 2 ? int.Parse(args[2]) : 32;

        // Each side runs this long before the measured rounds: until the JIT has compiled the hot paths in their final
        // tier (tiered PGO keeps recompiling for about 15-20 s of load on 2 cores; dotnet-counters, jit.compiled_methods).
        var warmup = Environment.GetEnvironmentVariable("FOREST_BENCH_WARMUP") is { Length: > 0 } w
            ? double.Parse(w, System.Globalization.CultureInfo.InvariantCulture)
            : 20;

        if (Environment.GetEnvironmentVariable("FOREST_BENCH_MINTHREADS") is { Length: > 0 } minThreads)
        {
            // An experiment's knob: more thread-pool threads from the start (what a blocked worker costs).
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(int.Parse(minThreads, System.Globalization.CultureInfo.InvariantCulture), io);
        }

        using var host = new BenchHost();
        var baseUrl = host.Start();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
        var token = await host.LoginAsync(client, "admin@forest.demo");
        if (jobs)
        {
            await JobsBenchmark.RunAsync(client, token, await host.LiveCompanyAsync(), host.Provider, seconds, rounds, RunAsync);
            return;
        }

        var accountantToken = await host.LoginAsync(client, "accountant@forest.demo");
        var validated = await host.ValidatedParisTransactionAsync();
        var live = await host.LiveCompanyAsync();
        string MarkAsLiveBody() => """{"data":{"type":"custom-action-requests","attributes":{"collection_name":"companies","ids":[""" + "\"" + live + "\"" + """],"values":{},"all_records":false}}}""";

        var scenarios = new (string Name, Func<HttpClient, Task> Forest, Func<HttpClient, Task> Baseline)[]
        {
            ("action call (admin, answers 400)",
                c => Send(c, HttpMethod.Post, "/forest/actions/mark-as-live?timezone=UTC", MarkAsLiveBody(), 400),
                c => Send(c, HttpMethod.Post, "/baseline/actions/mark-as-live", MarkAsLiveBody(), 400)),
            ("action call (role with a condition, answers 403)",
                c => Send(c, HttpMethod.Post, "/forest/actions/validate?timezone=UTC", Body("transactions", validated), 403, accountantToken),
                c => Send(c, HttpMethod.Post, "/baseline/actions/validate", Body("transactions", validated), 403, accountantToken)),
            ("record by id",
                c => Send(c, HttpMethod.Get, "/forest/companies/6", null, 200),
                c => Send(c, HttpMethod.Get, "/baseline/companies/6", null, 200)),
            ("list page + count",
                async c => { await Send(c, HttpMethod.Get, "/forest/companies?page[number]=1&page[size]=15", null, 200); await Send(c, HttpMethod.Get, "/forest/companies/count", null, 200); },
                async c => { await Send(c, HttpMethod.Get, "/baseline/companies", null, 200); await Send(c, HttpMethod.Get, "/baseline/companies/count", null, 200); }),
        };

        if (Environment.GetEnvironmentVariable("FOREST_BENCH_TRACE") == "1")
        {
            // One call of each kind, with every SQL command logged: where the round trips go.
            foreach (var (name, forest, baseline) in scenarios)
            {
                System.Console.WriteLine($"--- {name}: forest");
                await forest(client);
                System.Console.WriteLine($"--- {name}: baseline");
                await baseline(client);
            }

            return;
        }

        System.Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd} · {Environment.ProcessorCount} cores · {connections} connections · {rounds} interleaved rounds of {seconds} s each");
        System.Console.WriteLine("route | forest req/s | baseline req/s | ratio");
        var only = Environment.GetEnvironmentVariable("FOREST_BENCH_ONLY");
        foreach (var (name, forest, baseline) in scenarios.Where((_, i) => only is null || only == i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            await RunAsync(client, forest, warmup);
            await RunAsync(client, baseline, warmup);
            var forestRates = new List<double>();
            var baselineRates = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                forestRates.Add(await RunAsync(client, forest, seconds));
                baselineRates.Add(await RunAsync(client, baseline, seconds));
            }

            var f = forestRates.Average();
            var b = baselineRates.Average();
            System.Console.WriteLine($"{name} | {f:0} | {b:0} | {f / b:0.00}");
        }

        static string Body(string collection, long id) => """{"data":{"type":"custom-action-requests","attributes":{"collection_name":""" + "\"" + collection + "\"" + ""","ids":[""" + "\"" + id + "\"" + """],"values":{},"all_records":false}}}""";

        async Task Send(HttpClient c, HttpMethod method, string path, string? body, int expected, string? bearer = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? token);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await c.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, not {expected}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        async Task<double> RunAsync(HttpClient c, Func<HttpClient, Task> operation, double duration)
        {
            var stop = Stopwatch.StartNew();
            var end = TimeSpan.FromSeconds(duration);
            long done = 0;
            var workers = Enumerable.Range(0, connections).Select(async _ =>
            {
                while (stop.Elapsed < end)
                {
                    await operation(c);
                    Interlocked.Increment(ref done);
                }
            });
            await Task.WhenAll(workers);
            return done / stop.Elapsed.TotalSeconds;
        }
    }
}

/// <summary>The Live Demo on Kestrel (127.0.0.1, a free port), its own SQLite files, Warning-level logs, and the baseline.</summary>
internal sealed class BenchHost : WebApplicationFactory<global::Program>
{
    private static readonly string _name = Guid.NewGuid().ToString("N")[..12];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "forest-mvc-httpbench", _name);

    /// <summary>The database of the demo and the store: SQLite files, or PostgreSQL with FOREST_BENCH_POSTGRES.</summary>
    public string Provider => Environment.GetEnvironmentVariable("FOREST_BENCH_POSTGRES") is { Length: > 0 } ? "PostgreSQL" : "SQLite";

    public string Start()
    {
        Directory.CreateDirectory(_directory);
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task<string> LoginAsync(HttpClient client, string email)
    {
        var response = await client.PostAsJsonAsync("/forest/authentication", new { email, password = "livedemo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <summary>A Paris transaction (in the accountant's scope) that is already validated: "Validate" is refused by its condition.</summary>
    public async Task<long> ValidatedParisTransactionAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDemoContext>();
        var id = await db.Transactions.Where(t => t.EmitterCompany!.Headquarter == "Paris").Select(t => t.Id).FirstAsync();
        await db.Transactions.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, "validated"));
        return id;
    }

    public async Task<int> LiveCompanyAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LiveDemoContext>().Companies.Where(c => c.Status == CompanyStatus.Live).Select(c => c.Id).FirstAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:LiveDemo", $"Data Source={Path.Combine(_directory, "livedemo.db")}");
        builder.UseSetting("ConnectionStrings:ForestStore", $"Data Source={Path.Combine(_directory, "forest-store.db")}");
        builder.UseSetting("Forest:AuthSecret", "forest-mvc-bench-secret-0123456789-abcdefghij");
        builder.UseSetting("Forest:SchemaFilePath", Path.Combine(_directory, ".forestadmin-schema.json"));
        builder.UseSetting("Forest:Login:MaxAttemptsPerAddress", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (Environment.GetEnvironmentVariable("FOREST_BENCH_TRACE") == "1")
        {
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information");
        }

        if (Environment.GetEnvironmentVariable("FOREST_BENCH_RULES_INTERVAL") is { Length: > 0 } interval)
        {
            builder.UseSetting("Forest:RulesCheckInterval", interval);
        }

        // Background jobs: no queue limit for the benchmark's user, and the store on PostgreSQL when asked.
        builder.UseSetting("Forest:Jobs:MaxQueuedPerUser", "1000000");
        if (Environment.GetEnvironmentVariable("FOREST_BENCH_POSTGRES") is { Length: > 0 } server)
        {
            builder.UseSetting("LiveDemo:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:LiveDemo", $"{server};Database=forest_bench_{_name}_data");
            builder.UseSetting("ConnectionStrings:ForestStore", $"{server};Database=forest_bench_{_name}_store");
        }

        builder.UseEnvironment("Production");
        builder.ConfigureServices(services =>
        {
            services.AddTransient<IStartupFilter, BaselineEndpoints>();
            services.AddMvcCore().ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new BenchJobsFeature()));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
