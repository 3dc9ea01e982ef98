using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Packaging;

/// <summary>
/// The packages themselves: <c>dotnet pack</c> into a folder feed, then three throwaway web apps that reference them
/// by version (not by project), written with the one <c>using Forest.Mvc;</c> of getting-started, restored from that
/// feed alone (no network), built and started: the core alone (no Quartz, no MCP SDK in its graph), the core with
/// background jobs and Swagger, the core with the MCP server and its store on PostgreSQL.
/// </summary>
[TestFixture]
public sealed class PackagesTests
{
    private static string Version => PackedApps.Version;

    private string _feed = null!;

    [OneTimeSetUp]
    public async Task Pack() => _feed = await PackedApps.FeedAsync();

    [TestCase("Forest.Mvc")]
    [TestCase("Forest.Mvc.Swashbuckle")]
    [TestCase("Forest.Mvc.Testing")]
    [TestCase("Forest.Mvc.Jobs")]
    [TestCase("Forest.Mvc.Mcp")]
    [TestCase("Forest.Mvc.PostgreSql")]
    [TestCase("Forest.Mvc.SqlServer")]
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
    public void TheCore_PullsInNeitherSwashbuckleNorTestHelpersNorQuartzNorTheMcpSdk()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"Forest.Mvc.{Version}.nupkg"));
        using var nuspec = new StreamReader(zip.GetEntry("Forest.Mvc.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();

        Assert.That(metadata, Does.Not.Contain("Swashbuckle").And.Not.Contain("Microsoft.OpenApi").And.Not.Contain("Testing").And.Not.Contain("Quartz").And.Not.Contain("ModelContextProtocol"));
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
    public void TheMcpPackage_BringsTheMcpSdk_AndTheCoreOfItsVersion()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"Forest.Mvc.Mcp.{Version}.nupkg"));
        using var nuspec = new StreamReader(zip.GetEntry("Forest.Mvc.Mcp.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();

        Assert.That(metadata, Does.Contain("id=\"ModelContextProtocol.AspNetCore\"").And.Contain($"id=\"Forest.Mvc\" version=\"{Version}\"").And.Not.Contain("Quartz"));
    }

    [Test]
    public async Task TheCoreAlone_HasNeitherQuartzNorTheMcpSdkInItsGraph_AndRunsAnAction()
    {
        var (app, graph) = await PackedApps.BuildAsync(ThrowawayApp.CoreOnly);
        await using var run = await ThrowawayRun.StartAsync(app);
        var token = await LoginAsync(run.Http);

        var action = await TriggerAsync(run.Http, token, "close-ticket", "1");
        var mcp = await run.Http.PostAsync("/forest/mcp", JsonContent.Create(new JsonObject()));

        Assert.That(graph, Does.Contain("Forest.Mvc").And.Contain("FluentValidation").And.Not.Contain("Quartz").And.Not.Contain("ModelContextProtocol").And.Not.Contain("Swashbuckle"));
        Assert.That(await action.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"Ticket 1 closed.\"}"));
        Assert.That(mcp.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no MCP endpoint without its package");
    }

    [Test]
    public async Task TheCoreWithJobs_RunsABackgroundAction_AndDescribesItInSwagger()
    {
        var (app, graph) = await PackedApps.BuildAsync(ThrowawayApp.WithJobs);
        await using var run = await ThrowawayRun.StartAsync(app);
        var token = await LoginAsync(run.Http);

        var queued = await TriggerAsync(run.Http, token, "close-tickets-later", "1", "2");
        var job = (await queued.Content.ReadFromJsonAsync<JsonObject>())!["job"]!["id"]!.GetValue<string>();
        var finished = await WaitForJobAsync(run.Http, token, job);
        var ticket = await GetAsync(run.Http, token, "/forest/tickets/2");
        var swagger = await run.Http.GetStringAsync("/swagger/v1/swagger.json");

        Assert.That(graph, Does.Contain("Quartz").And.Not.Contain("ModelContextProtocol"));
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.OK), "answered at once, with its job");
        Assert.That(finished["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), finished.ToJsonString());
        Assert.That(ticket["data"]!["attributes"]!["closed"]!.GetValue<bool>(), Is.True);
        Assert.That(swagger, Does.Contain("/forest/actions/close-ticket").And.Contain("/forest/actions/close-tickets-later"));
    }

    [Test]
    public async Task TheCoreWithMcp_AndTheStoreOnPostgreSql_AnswersAnAgentWithAPersonalAccessToken()
    {
        var server = PostgreSqlServer.Require();
        var database = "forest_t_" + Guid.NewGuid().ToString("N")[..12] + "_pkg";
        var (app, graph) = await PackedApps.BuildAsync(ThrowawayApp.WithMcpOnPostgreSql);
        try
        {
            await using var run = await ThrowawayRun.StartAsync(app, ("ForestStore", $"{server};Database={database}"));
            var session = await LoginAsync(run.Http);
            using var create = new HttpRequestMessage(HttpMethod.Post, "/forest/tokens") { Content = JsonContent.Create(new { name = "helpdesk agent", expiresInDays = 1 }) };
            create.Headers.Authorization = new("Bearer", session);
            var created = await (await run.Http.SendAsync(create)).Content.ReadFromJsonAsync<JsonObject>();
            var pat = created!["token"]!.GetValue<string>();

            var tools = await McpAsync(run.Http, pat, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
            var call = await McpAsync(run.Http, pat, """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"tickets__close-ticket","arguments":{"ids":["1"]}}}""");
            var ticket = await GetAsync(run.Http, session, "/forest/tickets/1");

            Assert.That(graph, Does.Contain("ModelContextProtocol").And.Contain("Npgsql").And.Not.Contain("Quartz"));
            Assert.That(pat, Does.StartWith("fpat_"));
            Assert.That(tools["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()), Does.Contain("tickets__close-ticket").And.Contain("search_records"));
            Assert.That(call["result"]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Ticket 1 closed."), call.ToJsonString());
            Assert.That(ticket["data"]!["attributes"]!["closed"]!.GetValue<bool>(), Is.True);
        }
        finally
        {
            PostgreSqlServer.Drop(server, database);
        }
    }

    private static async Task<string> LoginAsync(HttpClient http)
    {
        var login = await http.PostAsJsonAsync("/forest/authentication", new { email = "ada@example.com", password = "throwaway-password" });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> TriggerAsync(HttpClient http, string token, string action, params string[] ids)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "custom-action-requests",
                ["attributes"] = new JsonObject { ["collection_name"] = "tickets", ["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]), ["values"] = new JsonObject() },
            },
        };
        using var call = new HttpRequestMessage(HttpMethod.Post, $"/forest/actions/{action}?timezone=UTC") { Content = JsonContent.Create(body) };
        call.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(call);
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string token, string path)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Authorization = new("Bearer", token);
        var answer = await http.SendAsync(get);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> WaitForJobAsync(HttpClient http, string token, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var job = await GetAsync(http, token, $"/forest/jobs/{id}");
            if (job["status"]?.GetValue<string>() is "succeeded" or "failed" or "cancelled" or "interrupted")
            {
                return job;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"job {id} did not finish within 30 s");
        return [];
    }

    /// <summary>One JSON-RPC message to the MCP endpoint; the answer, whether sent as JSON or as one server-sent event.</summary>
    private static async Task<JsonObject> McpAsync(HttpClient http, string token, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/mcp") { Content = new StringContent(message, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        var answer = await http.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var json = text.TrimStart().StartsWith('{') ? text : text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))[5..];
        return JsonNode.Parse(json)!.AsObject();
    }
}
