using System.Text.Json.Nodes;

namespace Forest.Mvc.Tests.Packaging;

/// <summary>
/// The packed feed and the throwaway apps built from it, started when the test run starts (<see cref="TestRun"/>):
/// <c>dotnet pack</c> and three <c>dotnet build</c>s are a minute of processes that, left to
/// <see cref="PackagesTests"/>, ran last and alone on an otherwise idle machine. Started first, they overlap the other
/// fixtures. A run that never asks for them (a filtered run) stops them at its end.
/// </summary>
internal static class PackedApps
{
    /// <summary>The packages the feed holds.</summary>
    public static readonly string[] Packed = ["Forest.Mvc", "Forest.Mvc.Swashbuckle", "Forest.Mvc.Testing", "Forest.Mvc.Jobs", "Forest.Mvc.Mcp", "Forest.Mvc.PostgreSql", "Forest.Mvc.SqlServer"];

    /// <summary>The version the packages are built with (Directory.Build.targets), read from the library's own build.</summary>
    public static readonly string Version = typeof(ForestUser).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];

    private static readonly string Work = Path.Combine(Path.GetTempPath(), "forest-mvc-packages", Guid.NewGuid().ToString("N"));
    private static readonly CancellationTokenSource Stopping = new();
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Task<BuiltApp>> Apps = [];
    private static Task<string>? _feed;

    /// <summary>The folder feed the packages were packed into.</summary>
    public static Task<string> FeedAsync()
    {
        lock (Gate)
        {
            return _feed ??= Detached(PackAsync);
        }
    }

    /// <summary><paramref name="app"/> written and built from the feed, with its package graph.</summary>
    public static Task<BuiltApp> BuildAsync(ThrowawayApp app)
    {
        lock (Gate)
        {
            if (!Apps.TryGetValue(app.Name, out var built))
            {
                built = Detached(() => BuildFromFeedAsync(app));
                Apps[app.Name] = built;
            }

            return built;
        }
    }

    /// <summary>Starts the pack, then the apps' builds one after the other, without waiting for them.</summary>
    public static void StartEarly() => _ = Detached(async () =>
    {
        foreach (var app in new[] { ThrowawayApp.CoreOnly, ThrowawayApp.WithJobs, ThrowawayApp.WithMcpOnPostgreSql })
        {
            await BuildAsync(app);
        }

        return 0;
    });

    /// <summary>Stops what still runs and deletes the work folder.</summary>
    public static async Task StopAsync()
    {
        await Stopping.CancelAsync();
        Task[] running;
        lock (Gate)
        {
            running = [.. Apps.Values, .. _feed is null ? [] : new Task[] { _feed }];
        }

        try
        {
            await Task.WhenAll(running);
        }
        catch (Exception)
        {
            // stopped or failed: either was reported to the test that awaited it
        }

        Infrastructure.TestPaths.TryDelete(Work);
    }

    /// <summary>Runs <paramref name="work"/> outside the NUnit context of whoever asked first (it is shared by all).</summary>
    private static Task<T> Detached<T>(Func<Task<T>> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    private static async Task<string> PackAsync()
    {
        var feed = Path.Combine(Work, "feed");
        Directory.CreateDirectory(feed);
        // One pack of the projects (a solution filter), from the build the tests run on (its configuration):
        // the packages' layout and metadata do not depend on the configuration, and nothing is compiled again.
        var filter = Path.Combine(Work, "packed.slnf");
        await File.WriteAllTextAsync(filter, new JsonObject
        {
            ["solution"] = new JsonObject
            {
                ["path"] = Path.Combine(Root, "forest-mvc.sln"),
                ["projects"] = new JsonArray([.. Packed.Select(p => (JsonNode)$"{p}/{p}.csproj")]),
            },
        }.ToJsonString());
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        await ThrowawayRun.RunAsync(Root, ["dotnet", "pack", filter, "-c", configuration, "--no-build", $"-p:PackageOutputPath={feed}", "--nologo"], Stopping.Token);
        return feed;
    }

    private static async Task<BuiltApp> BuildFromFeedAsync(ThrowawayApp app)
    {
        var feed = await FeedAsync();
        var directory = Path.Combine(Work, "app-" + app.Name);
        Directory.CreateDirectory(directory);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), ThrowawayApp.NuGetConfig(feed, cache, Path.Combine(Work, "packages-" + app.Name)));
        await File.WriteAllTextAsync(Path.Combine(directory, "Throwaway.csproj"), app.Project(Version));
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), app.Program);
        await ThrowawayRun.RunAsync(directory, ["dotnet", "build", "-c", "Release", "--nologo"], Stopping.Token);
        var graph = await ThrowawayRun.RunAsync(directory, ["dotnet", "list", "package", "--include-transitive"], Stopping.Token);
        return new BuiltApp(directory, graph);
    }

    private static string Root
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory); // …/Forest.Mvc.Tests/bin/<Configuration>/net10.0/
            return tests.Parent!.Parent!.Parent!.Parent!.FullName;
        }
    }
}

/// <summary>A throwaway app built from the feed: its folder and its <c>dotnet list package --include-transitive</c>.</summary>
internal sealed record BuiltApp(string Directory, string Graph);
