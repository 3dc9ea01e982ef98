using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Forest.Mvc.Tests.Packaging;

/// <summary>A throwaway application started with <c>dotnet run</c> on a free loopback port, killed when disposed.</summary>
internal sealed class ThrowawayRun : IAsyncDisposable
{
    private readonly Process _process;

    private ThrowawayRun(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Http { get; }

    /// <summary>Starts the built app in <paramref name="directory"/> and waits until <c>/forest/health</c> answers.</summary>
    public static async Task<ThrowawayRun> StartAsync(string directory, params (string Key, string Value)[] environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Forest__AuthSecret"] = Infrastructure.LiveDemoFactory.Secret, ["DOTNET_NOLOGO"] = "1", ["DOTNET_TieredPGO"] = "0" },
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var run = new ThrowawayRun(process, port);
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                await run.DisposeAsync();
                Assert.Fail($"the throwaway app exited at startup:\n{string.Join('\n', output.TakeLast(40))}");
            }

            try
            {
                if ((await run.Http.GetAsync("/forest/health")).IsSuccessStatusCode)
                {
                    return run;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        await run.DisposeAsync();
        Assert.Fail($"the throwaway app did not become healthy within 60 s:\n{string.Join('\n', output.TakeLast(40))}");
        return run;
    }

    /// <summary>Runs a command to its end; a non-zero exit throws with its output, a cancellation kills it.</summary>
    /// <returns>Its standard output.</returns>
    public static async Task<string> RunAsync(string directory, string[] command, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(command[0], command[1..]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}\n{await output}\n{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
