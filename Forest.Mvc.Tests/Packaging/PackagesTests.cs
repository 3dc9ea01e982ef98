using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Packaging;

/// <summary>
/// The packages themselves: <c>dotnet pack</c> into a folder feed, then a throwaway web app that references them by
/// version (not by project), written with the one <c>using Forest.Mvc;</c> of getting-started, is restored from
/// that feed alone (no network), built, started, and answers a smart action and its Swagger document.
/// </summary>
[TestFixture]
public sealed class PackagesTests
{
    /// <summary>The version the packages are built with (Directory.Build.targets), read from the library's own build.</summary>
    private static readonly string Version = typeof(ForestUser).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
    private static readonly string[] Packed = ["Forest.Mvc", "Forest.Mvc.Swashbuckle", "Forest.Mvc.Testing", "Forest.Mvc.Jobs"];

    private string _work = null!;
    private string _feed = null!;

    [OneTimeSetUp]
    public async Task Pack()
    {
        _work = Path.Combine(Path.GetTempPath(), "forest-mvc-packages", Guid.NewGuid().ToString("N"));
        _feed = Path.Combine(_work, "feed");
        Directory.CreateDirectory(_feed);
        // One pack of the three projects (a solution filter), from the build the tests run on (its configuration):
        // the packages' layout and metadata do not depend on the configuration, and nothing is compiled again.
        var filter = Path.Combine(_work, "packed.slnf");
        await File.WriteAllTextAsync(filter, new JsonObject
        {
            ["solution"] = new JsonObject
            {
                ["path"] = Path.Combine(Root, "forest-mvc.sln"),
                ["projects"] = new JsonArray([.. Packed.Select(p => (JsonNode)$"{p}/{p}.csproj")]),
            },
        }.ToJsonString());
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        await RunAsync(Root, "dotnet", "pack", filter, "-c", configuration, "--no-build", $"-p:PackageOutputPath={_feed}", "--nologo");
    }

    [OneTimeTearDown]
    public void Clean() => TestPaths.TryDelete(_work);

    [TestCase("Forest.Mvc")]
    [TestCase("Forest.Mvc.Swashbuckle")]
    [TestCase("Forest.Mvc.Testing")]
    [TestCase("Forest.Mvc.Jobs")]
    public void EachPackage_HasItsReadme_License_XmlDocs_AndSymbols(string id)
    {
        var package = Path.Combine(_feed, $"{id}.{Version}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        using var nuspec = new StreamReader(zip.GetEntry($"{id}.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();

        Assert.That(entries, Does.Contain("README.md").And.Contain($"lib/net10.0/{id}.dll").And.Contain($"lib/net10.0/{id}.xml"));
        Assert.That(metadata, Does.Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>").And.Contain("<repository type=\"git\""));
        Assert.That(File.Exists(Path.Combine(_feed, $"{id}.{Version}.snupkg")), Is.True, "symbols package");
        TestContext.Progress.WriteLine($"{id}.{Version}.nupkg: {new FileInfo(package).Length / 1024} KB");
    }

    [Test]
    public void TheCore_PullsInNeitherSwashbuckleNorTestHelpersNorQuartz()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"Forest.Mvc.{Version}.nupkg"));
        using var nuspec = new StreamReader(zip.GetEntry("Forest.Mvc.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();

        Assert.That(metadata, Does.Not.Contain("Swashbuckle").And.Not.Contain("Microsoft.OpenApi").And.Not.Contain("Testing").And.Not.Contain("Quartz"));
    }

    [Test]
    public void TheJobsPackage_BringsQuartz_AndTheCoreOfItsVersion()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"Forest.Mvc.Jobs.{Version}.nupkg"));
        using var nuspec = new StreamReader(zip.GetEntry("Forest.Mvc.Jobs.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();

        Assert.That(metadata, Does.Contain("id=\"Quartz\"").And.Contain($"id=\"Forest.Mvc\" version=\"{Version}\""));
    }

    [Test]
    public async Task AThrowawayApp_ReferencingThePackagesByVersion_BuildsStartsAndRunsAnAction()
    {
        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), ThrowawayApp.NuGetConfig(_feed, cache, Path.Combine(_work, "packages")));
        await File.WriteAllTextAsync(Path.Combine(app, "Throwaway.csproj"), ThrowawayApp.Project(Version));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ThrowawayApp.Program);

        await RunAsync(app, "dotnet", "build", "-c", "Release", "--nologo");
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Forest__AuthSecret"] = LiveDemoFactory.Secret, ["DOTNET_NOLOGO"] = "1", ["DOTNET_TieredPGO"] = "0" },
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitHealthyAsync(http, process);

            var login = await http.PostAsJsonAsync("/forest/authentication", new { email = "ada@example.com", password = "throwaway-password" });
            var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            using var call = new HttpRequestMessage(HttpMethod.Post, "/forest/actions/close-ticket?timezone=UTC")
            {
                Content = JsonContent.Create(JsonNode.Parse("""{"data":{"type":"custom-action-requests","attributes":{"collection_name":"tickets","ids":["1"],"values":{}}}}""")),
            };
            call.Headers.Authorization = new("Bearer", token);
            var action = await http.SendAsync(call);
            var swagger = await http.GetStringAsync("/swagger/v1/swagger.json");

            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await action.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"Ticket 1 closed.\"}"));
            Assert.That(swagger, Does.Contain("/forest/actions/close-ticket"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string Root
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory); // …/Forest.Mvc.Tests/bin/<Configuration>/net10.0/
            return tests.Parent!.Parent!.Parent!.Parent!.FullName;
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process process)
    {
        for (var i = 0; i < 300; i++)
        {
            Assert.That(process.HasExited, Is.False, "the throwaway app exited at startup");
            try
            {
                if ((await http.GetAsync("/forest/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail("the throwaway app did not become healthy within 30 s");
    }

    private static async Task RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
