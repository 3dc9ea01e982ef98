using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// The Live Demo as a real process (<c>dotnet SampleApp.dll</c> from its build output) on a fixed loopback port, so
/// that it can be stopped with SIGTERM like a container in a rolling upgrade, and started again.
/// </summary>
public sealed class LiveDemoProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _contentRoot;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    public LiveDemoProcess(IDictionary<string, string> settings)
    {
        Port = FreePort();
        _contentRoot = TestPaths.NewFolder();
        _environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Forest__AuthSecret"] = LiveDemoFactory.Secret,
            ["Forest__SchemaFilePath"] = Path.Combine(_contentRoot, ".forestadmin-schema.json"),
            ["Forest__Login__MaxAttemptsPerAddress"] = "10000",
            ["LiveDemo__SeedScale"] = LiveDemoFactory.TestSeedScale,
            ["Logging__LogLevel__Default"] = "Warning",

            // A short-lived process: profile-guided JIT would cost CPU that the other tests running meanwhile need.
            ["DOTNET_TieredPGO"] = "0",
        };
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The running process's id.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>
    /// The settings of an instance on the PostgreSQL databases <c>{name}_data</c> and <c>{name}_store</c> of
    /// <paramref name="server"/>, first made as copies of the run's template (a deployment already seeded and
    /// migrated) when <paramref name="fromTemplate"/>, so that its instances may start together.
    /// </summary>
    public static Dictionary<string, string> OnPostgreSql(string server, string name, bool fromTemplate = false)
    {
        if (fromTemplate)
        {
            LiveDemoTemplates.CopyPostgreSql(server, LiveDemoFactory.TestSeedScale, name);
        }

        return Settings(server, name);
    }

    /// <summary>Starts <paramref name="instances"/> together (on databases already made) and waits until each is healthy.</summary>
    public static Task StartAllAsync(IEnumerable<LiveDemoProcess> instances) => Task.WhenAll(instances.Select(i => i.StartAsync()));

    private static Dictionary<string, string> Settings(string server, string name) => new()
    {
        ["LiveDemo__Provider"] = "PostgreSql",
        ["ConnectionStrings__LiveDemo"] = $"{server};Database={name}_data",
        ["ConnectionStrings__ForestStore"] = $"{server};Database={name}_store",
    };

    /// <summary>Logs a demo user in on this instance; the token works on every instance of the deployment.</summary>
    public async Task<string> LoginAsync(string email = "admin@forest.demo")
    {
        using var http = new HttpClient { BaseAddress = Address };
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/forest/authentication", new { email, password = "livedemo" });
        response.EnsureSuccessStatusCode();
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(response.Content);
        return body!["token"]!.GetValue<string>();
    }

    /// <summary>Starts the process and waits until <c>/forest/health</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [SampleAppDll(), "--contentRoot", _contentRoot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };

        // A first start seeds its databases; on a 2-core machine busy with the other tests, that can take a while.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Live Demo exited at startup with code {_process.ExitCode}.{Output()}");
            }

            try
            {
                using var health = await probe.GetAsync("/forest/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The Live Demo did not become healthy within 120 s (health: {last}).{Output()}");
    }

    /// <summary>Keeps the process's last lines of output, for the message of a failed start.</summary>
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    private string Output() => _output.IsEmpty ? " It wrote nothing." : " Its last lines:" + Environment.NewLine + string.Join(Environment.NewLine, _output);

    /// <summary>Sends SIGTERM and waits for the process to end; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return _process?.ExitCode ?? 0;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL): nothing is flushed, no job is told.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        TestPaths.TryDelete(_contentRoot);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The Live Demo's build output, beside the tests' (same configuration).</summary>
    private static string SampleAppDll()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory); // …/Forest.Mvc.Tests/bin/<Configuration>/net10.0/
        var configuration = tests.Parent!.Name;
        var root = tests.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "SampleApp", "bin", configuration, tests.Name, "SampleApp.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the Live Demo's output is missing.", dll);
    }
}
