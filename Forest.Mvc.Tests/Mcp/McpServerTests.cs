using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Mcp;

/// <summary>
/// The MCP server, driven by the official C# MCP client over Streamable HTTP against the Live Demo on Kestrel
/// (127.0.0.1, Production: permissions enforced): the tools each role sees, actions through the same pipeline as
/// the console (enable rules, validation, approvals, scopes), and the authentication of agents.
/// </summary>
[TestFixture]
public sealed class McpServerTests : McpFixture
{
    private static readonly string[] ReadTools = ["list_collections", "describe_collection", "search_records", "count_records", "get_record", "get_action_form", "get_approval_status", "list_my_jobs"];

    [Test]
    public async Task ToolsList_ShowsEachRoleTheToolsItMayUse()
    {
        await using var viewer = await ConnectAsync("viewer");
        await using var support = await ConnectAsync("support");
        await using var admin = await ConnectAsync("admin");

        var viewerTools = (await viewer.ListToolsAsync()).Select(t => t.Name).ToList();
        var supportTools = (await support.ListToolsAsync()).Select(t => t.Name).ToList();
        var adminTools = (await admin.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(viewerTools, Is.EquivalentTo(ReadTools), "the viewer may read, not act");
            Assert.That(supportTools, Is.EquivalentTo(ReadTools.Append("companies__mark-as-live")));
            Assert.That(adminTools, Is.SupersetOf(new[] { "companies__mark-as-live", "companies__suspend", "customers__charge-credit-card", "transactions__refund", "companies__recompute-risk-scores" }));
        });
    }

    [Test]
    public async Task MarkAsLive_Runs_ThenTheSecondCallGetsTheEnableRulesMessage()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        await using var support = await ConnectAsync("support");
        var arguments = new Dictionary<string, object?> { ["ids"] = new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

        var first = await support.CallToolAsync("companies__mark-as-live", arguments);
        var second = await support.CallToolAsync("companies__mark-as-live", arguments);

        Assert.Multiple(async () =>
        {
            Assert.That(first.IsError, Is.Not.True, Text(first));
            Assert.That(Text(first), Is.EqualTo("Company is now live!"));
            Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()), Is.EqualTo(CompanyStatus.Live));
            Assert.That(second.IsError, Is.True);
            Assert.That(Text(second), Does.Contain("The company was already live!"));
        });
    }

    [Test]
    public async Task AFormAction_WithInvalidValues_IsAnErrorNamingTheField()
    {
        var customer = await Factory.WithDbAsync(db => db.Customers.Where(c => !c.CardBlocked).Select(c => c.Id).FirstAsync());
        await using var admin = await ConnectAsync("admin");

        var result = await admin.CallToolAsync("customers__charge-credit-card", new Dictionary<string, object?>
        {
            ["ids"] = new[] { customer.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["values"] = new Dictionary<string, object?> { ["amount"] = -5, ["description"] = "Refused amount" },
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(Text(result), Does.Contain("amount:"));
            Assert.That(Structured(result)["errors"]!["amount"], Is.Not.Null);
        });
    }

    [Test]
    public async Task SuspendByTheManager_IsAnApprovalRequest_ThatRunsOnceWhenAnAdminApprovesIt()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Live).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        await using var manager = await ConnectAsync("manager");

        var result = await manager.CallToolAsync("companies__suspend", new Dictionary<string, object?> { ["ids"] = new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        var statusWhileHeld = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
        var approvalId = Structured(result)["approvalRequestId"]!.GetValue<string>();
        using var http = await ApiAsync("admin");
        var approved = await http.PostAsync($"/forest/approvals/{approvalId}/approve", null);
        var again = await http.PostAsync($"/forest/approvals/{approvalId}/approve", null);

        Assert.Multiple(async () =>
        {
            Assert.That(result.IsError, Is.Not.True, Text(result));
            Assert.That(Structured(result)["status"]!.GetValue<string>(), Is.EqualTo("approval_requested"));
            Assert.That(Structured(result)["link"]!.GetValue<string>(), Is.EqualTo($"{BaseUrl}/forest-admin/#/approvals/requested/{approvalId}"));
            Assert.That(Text(result), Does.Contain("needs an approval"));
            Assert.That(statusWhileHeld, Is.EqualTo(CompanyStatus.Live), "nothing runs before the approval");
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
            Assert.That(again.IsSuccessStatusCode, Is.False, "an approval runs exactly once");
            Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()), Is.EqualTo(CompanyStatus.Suspended));
        });
    }

    [Test]
    public async Task TheAccountantsScope_HoldsOverSearchesAndActions()
    {
        var outside = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompany!.Headquarter != "Paris" && t.Status == "to_validate").Select(t => t.Id).FirstAsync());
        await using var accountant = await ConnectAsync("accountant");

        var companies = await accountant.CallToolAsync("search_records", new Dictionary<string, object?> { ["collection"] = "companies", ["page_size"] = 50 });
        var count = await accountant.CallToolAsync("count_records", new Dictionary<string, object?> { ["collection"] = "companies" });
        var paris = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Headquarter == "Paris"));
        var validate = await accountant.CallToolAsync("transactions__validate", new Dictionary<string, object?> { ["ids"] = new[] { outside.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        var hidden = await accountant.CallToolAsync("get_record", new Dictionary<string, object?> { ["collection"] = "transactions", ["id"] = outside.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Multiple(async () =>
        {
            var rows = Structured(companies)["rows"]!.AsArray();
            Assert.That(rows.Select(r => r!["headquarter"]!.GetValue<string>()), Is.All.EqualTo("Paris"));
            Assert.That(Structured(count)["count"]!.GetValue<int>(), Is.EqualTo(paris));
            Assert.That(validate.IsError, Is.True, "a transaction outside the scope cannot be validated");
            Assert.That(hidden.IsError, Is.True, "nor read");
            Assert.That(await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == outside).Select(t => t.Status).SingleAsync()), Is.EqualTo("to_validate"));
        });
    }

    [Test]
    public async Task AFileResult_IsEmbeddedWhenSmall()
    {
        await using var admin = await ConnectAsync("admin");

        var result = await admin.CallToolAsync("customers__generate-invoice", new Dictionary<string, object?> { ["ids"] = new[] { "1" } });
        var file = result.Content.OfType<EmbeddedResourceBlock>().Single().Resource as BlobResourceContents;

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.Not.True, Text(result));
            Assert.That(file!.MimeType, Is.EqualTo("application/pdf"));
            Assert.That(System.Text.Encoding.ASCII.GetString(file.DecodedData.ToArray(), 0, 5), Is.EqualTo("%PDF-"));
            Assert.That(Text(result), Does.Contain("invoice-1.pdf"));
        });
    }

    [Test]
    public async Task GetAndDelete_AreRefusedWith405_AsAStatelessServerDoes()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync("admin"));
        http.DefaultRequestHeaders.Accept.ParseAdd("text/event-stream");

        var stream = await http.GetAsync("/forest/mcp");
        var end = await http.DeleteAsync("/forest/mcp");

        Assert.Multiple(() =>
        {
            Assert.That(stream.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
            Assert.That(stream.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST" }));
            Assert.That(end.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        });
    }

    [Test]
    public async Task WithoutAToken_The401SaysWhereTheProtectedResourceMetadataIs()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        var refused = await http.SendAsync(request);
        var challenge = refused.Headers.WwwAuthenticate.ToString();
        var metadataUrl = System.Text.RegularExpressions.Regex.Match(challenge, "resource_metadata=\"([^\"]+)\"").Groups[1].Value;
        var metadata = await http.GetFromJsonAsync<JsonObject>(metadataUrl);
        var atTheRoot = await http.GetFromJsonAsync<JsonObject>("/.well-known/oauth-protected-resource");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(challenge, Does.StartWith("Bearer "));
            Assert.That(metadataUrl, Is.EqualTo(BaseUrl + "/.well-known/oauth-protected-resource/forest/mcp"));
            Assert.That(metadata!["resource"]!.GetValue<string>(), Is.EqualTo(BaseUrl + "/forest/mcp"));
            Assert.That(atTheRoot!.ToJsonString(), Is.EqualTo(metadata.ToJsonString()));
            Assert.That(metadata["bearer_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "header" }));
        });
    }
}
