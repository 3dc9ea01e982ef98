using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Client;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Mcp;

/// <summary>
/// Agents' personal access tokens (created, used, listed with their last use, revoked, stored hashed, refused
/// outside MCP), the audit of MCP calls, and the safety rules: actions never exposed, bulk calls over the limit
/// held for approval, and each token's rate limit.
/// </summary>
[TestFixture]
public sealed class McpTokensAndSafetyTests : McpFixture
{
    protected override (string Key, string? Value)[] Settings =>
    [
        ("Forest:Mcp:MaxRecordsWithoutApproval", "3"),
        ("Forest:Mcp:ExcludedActions:0", "customers/Charge credit card"),
        ("Forest:Mcp:RateLimit:PermitLimit", "1000"),
        ("Forest:Mcp:MaxEmbeddedFileBytes", "100"),
    ];

    private static async Task<JsonObject> CreateTokenAsync(HttpClient api, string name)
    {
        var created = await api.PostAsJsonAsync("/forest/tokens", new { name, expiresInDays = 30 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Test]
    public async Task APersonalAccessToken_WorksOverMcpOnly_IsListedWithItsLastUse_AndStopsWhenRevoked()
    {
        using var api = await ApiAsync("support");
        var created = await CreateTokenAsync(api, "Claude on my laptop");
        var token = created["token"]!.GetValue<string>();

        List<string> tools;
        await using (var agent = await ConnectWithTokenAsync(token))
        {
            tools = [.. (await agent.ListToolsAsync()).Select(t => t.Name)];
        }

        using var withToken = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        withToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var onTheApi = await withToken.GetAsync("/forest/companies");
        var listed = (await api.GetFromJsonAsync<JsonObject>("/forest/tokens"))!["data"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == created["id"]!.GetValue<string>())!;
        var stored = await Factory.WithStoreAsync(store => store.AccessTokens.AsNoTracking().SingleAsync(t => t.Name == "Claude on my laptop"));
        var revoked = await api.DeleteAsync($"/forest/tokens/{created["id"]}");

        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("fpat_"));
            Assert.That(tools, Does.Contain("companies__mark-as-live").And.Not.Contain("companies__suspend"), "the token is its creator's: the Support role");
            Assert.That(onTheApi.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a personal access token is for the MCP endpoint only");
            Assert.That(listed["token"], Is.Null, "the token is shown once, at creation");
            Assert.That(listed["prefix"]!.GetValue<string>(), Is.EqualTo(token[..12]));
            Assert.That(listed["lastUsedAt"]?.GetValue<string>(), Is.Not.Null);
            Assert.That(stored.Hash, Is.Not.EqualTo(token).And.Length.EqualTo(64), "stored as its SHA-256 only");
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        Assert.That(async () => await ConnectWithTokenAsync(token), Throws.Exception, "a revoked token connects no more");
    }

    [Test]
    public async Task ARevokedToken_Is401_WithTheChallenge()
    {
        using var api = await ApiAsync("manager");
        var created = await CreateTokenAsync(api, "revoked agent");
        await api.DeleteAsync($"/forest/tokens/{created["id"]}");
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created["token"]!.GetValue<string>());

        var refused = await http.SendAsync(request);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused.Headers.WwwAuthenticate.ToString(), Does.Contain("resource_metadata=").And.Contain("error=\"invalid_token\""));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("the personal access token is revoked"));
        });
    }

    [Test]
    public async Task McpCalls_AreInTheActivityLog_WithTheirSourceToolAndToken()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        using var api = await ApiAsync("admin");
        var created = await CreateTokenAsync(api, "audited agent");
        await using (var agent = await ConnectWithTokenAsync(created["token"]!.GetValue<string>()))
        {
            await agent.CallToolAsync("companies__mark-as-live", new Dictionary<string, object?> { ["ids"] = new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            await agent.CallToolAsync("count_records", new Dictionary<string, object?> { ["collection"] = "companies" });
        }

        JsonNode? line = null;
        JsonNode? read = null;
        for (var i = 0; i < 50 && (line is null || read is null); i++)
        {
            await Task.Delay(100);
            line = (await api.GetFromJsonAsync<JsonObject>("/forest/activity?source=mcp&kind=trigger"))!["data"]!.AsArray()
                .FirstOrDefault(l => l!["recordIds"]!.AsArray().Any(r => r!.GetValue<string>() == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            read = (await api.GetFromJsonAsync<JsonObject>("/forest/activity?source=mcp&kind=mcp_call"))!["data"]!.AsArray()
                .FirstOrDefault(l => l!["token"]!.GetValue<string>().EndsWith("(audited agent)", StringComparison.Ordinal));
        }

        var fromConsole = (await api.GetFromJsonAsync<JsonObject>("/forest/activity?source=api"))!["data"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(line?["source"]?.GetValue<string>(), Is.EqualTo("mcp"));
            Assert.That(line?["tool"]?.GetValue<string>(), Is.EqualTo("companies__mark-as-live"));
            Assert.That(line?["token"]?.GetValue<string>(), Does.StartWith("pat:").And.EndWith("(audited agent)"));
            Assert.That(line?["user"]!["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
            Assert.That(fromConsole.Select(l => l!["source"]!.GetValue<string>()), Is.All.EqualTo("api"));
            Assert.That(read?["tool"]?.GetValue<string>(), Is.EqualTo("count_records"), "reads are audited too");
            Assert.That(read?["outcome"]?.GetValue<string>(), Is.EqualTo("answered"));
        });
    }

    [Test]
    public async Task ALargeFile_IsALink_ThatOnlyItsUserDownloadsWithTheSameToken()
    {
        using var api = await ApiAsync("admin");
        var token = (await CreateTokenAsync(api, "invoice agent"))["token"]!.GetValue<string>();
        ModelContextProtocol.Protocol.CallToolResult result;
        await using (var agent = await ConnectWithTokenAsync(token))
        {
            result = await agent.CallToolAsync("customers__generate-invoice", new Dictionary<string, object?> { ["ids"] = new[] { "2" } });
        }

        var link = result.Content.OfType<ModelContextProtocol.Protocol.ResourceLinkBlock>().Single();
        using var download = new HttpClient();
        download.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var file = await download.GetAsync(link.Uri);
        using var other = new HttpClient();
        other.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync("manager"));
        var stranger = await other.GetAsync(link.Uri);
        var anonymous = await new HttpClient().GetAsync(link.Uri);

        Assert.Multiple(async () =>
        {
            Assert.That(link.Uri, Does.StartWith(BaseUrl + "/forest/mcp/files/"));
            Assert.That(link.MimeType, Is.EqualTo("application/pdf"));
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(System.Text.Encoding.ASCII.GetString((await file.Content.ReadAsByteArrayAsync())[..5]), Is.EqualTo("%PDF-"));
            Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's file is not found");
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task AnExcludedAction_IsNeitherListedNorCallable()
    {
        await using var admin = await ConnectAsync("admin");

        var tools = (await admin.ListToolsAsync()).Select(t => t.Name).ToList();
        var call = await admin.CallToolAsync("customers__charge-credit-card", new Dictionary<string, object?> { ["ids"] = new[] { "1" }, ["values"] = new Dictionary<string, object?> { ["amount"] = 1, ["description"] = "x" } });

        Assert.Multiple(() =>
        {
            Assert.That(tools, Does.Not.Contain("customers__charge-credit-card"));
            Assert.That(tools, Does.Contain("customers__generate-invoice"));
            Assert.That(call.IsError, Is.True);
            Assert.That(Text(call), Does.Contain("There is no tool 'customers__charge-credit-card' for you"));
        });
    }

    [Test]
    public async Task ABulkCallOverTheLimit_NeedsAnApproval_EvenForARoleThatMayTriggerIt()
    {
        var pending = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderBy(c => c.Id).Select(c => c.Id).Take(5).ToListAsync());
        await using var admin = await ConnectAsync("admin");

        var small = await admin.CallToolAsync("companies__suspend", new Dictionary<string, object?> { ["ids"] = pending.Take(2).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() });
        var large = await admin.CallToolAsync("companies__suspend", new Dictionary<string, object?> { ["filter"] = new Dictionary<string, object?> { ["field"] = "status", ["operator"] = "equal", ["value"] = "pending" } });
        var stillPending = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == CompanyStatus.Pending));
        using var api = await ApiAsync("admin");
        var approval = (await api.GetFromJsonAsync<JsonObject>($"/forest/approvals/{Structured(large)["approvalRequestId"]}"))!["data"]!;

        Assert.Multiple(() =>
        {
            Assert.That(small.IsError, Is.Not.True, Text(small));
            Assert.That(Text(small), Does.Contain("2"));
            Assert.That(Structured(large)["status"]?.GetValue<string>(), Is.EqualTo("approval_requested"), Text(large));
            Assert.That(stillPending, Is.GreaterThan(3), "the large call did not run");
            Assert.That(approval["recordIds"]!.AsArray(), Has.Count.EqualTo(stillPending), "the request holds the records of the filter");
        });
    }
}
