using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Mcp;

/// <summary>
/// The tools around actions (a dynamic form through its load hook, an approval's state, the agent's jobs) and the
/// snapshot of every action tool's input JSON Schema.
/// </summary>
[TestFixture]
public sealed class McpWorkflowToolsTests : McpFixture
{
    [Test]
    public async Task GetActionForm_RunsTheLoadHook_ForTheGivenRecord()
    {
        var transaction = await Factory.WithDbAsync(db => db.Transactions.OrderBy(t => t.Id).Select(t => new { t.Id, t.Amount }).FirstAsync());
        await using var admin = await ConnectAsync("admin");

        var result = await admin.CallToolAsync("get_action_form", new Dictionary<string, object?> { ["tool"] = "transactions__refund", ["ids"] = new[] { transaction.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        var amount = Structured(result)["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == "Amount")!;

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.Not.True, Text(result));
            Assert.That(amount["value"]!.GetValue<decimal>(), Is.EqualTo(transaction.Amount), "the load hook set the value");
            Assert.That(amount["description"]!.GetValue<string>(), Does.Contain("the transaction's amount"));
        });
    }

    [Test]
    public async Task GetApprovalStatus_FollowsARequestFromPendingToApproved()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Live).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        await using var manager = await ConnectAsync("manager");
        var held = await manager.CallToolAsync("companies__suspend", new Dictionary<string, object?> { ["ids"] = new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        var approvalId = Structured(held)["approvalRequestId"]!.GetValue<string>();

        var pending = await manager.CallToolAsync("get_approval_status", new Dictionary<string, object?> { ["id"] = approvalId });
        using var api = await ApiAsync("admin");
        (await api.PostAsync($"/forest/approvals/{approvalId}/approve", null)).EnsureSuccessStatusCode();
        var approved = await manager.CallToolAsync("get_approval_status", new Dictionary<string, object?> { ["id"] = approvalId });

        Assert.Multiple(() =>
        {
            Assert.That(Structured(pending)["status"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(Structured(approved)["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(Structured(approved)["reviewer"]!["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
        });
    }

    [Test]
    public async Task ABackgroundActionTool_AnswersItsJob_ThatListMyJobsShows()
    {
        await using var admin = await ConnectAsync("admin");

        var queued = await admin.CallToolAsync("companies__re-send-invoices", new Dictionary<string, object?> { ["ids"] = new[] { "1", "2" } });
        var jobId = Structured(queued)["job"]!["id"]!.GetValue<string>();
        var jobs = await admin.CallToolAsync("list_my_jobs", new Dictionary<string, object?>());

        Assert.Multiple(() =>
        {
            Assert.That(Text(queued), Does.Contain($"Background job {jobId}"));
            Assert.That(Structured(jobs)["jobs"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()), Does.Contain(jobId));
        });
    }

    [Test]
    public async Task EveryActionToolsInputSchema_MatchesTheSnapshot()
    {
        await using var admin = await ConnectAsync("admin");
        var tools = (await admin.ListToolsAsync()).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var current = new JsonObject();
        foreach (var tool in tools)
        {
            current[tool.Name] = new JsonObject { ["description"] = tool.Description, ["inputSchema"] = JsonNode.Parse(tool.JsonSchema.GetRawText()) };
        }

        var text = current.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "Snapshots", "live-demo.mcp-tools.json");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.That(File.Exists(path), Is.True, "Snapshot missing: run the tests once with UPDATE_SNAPSHOTS=1 and review the file.");
        Assert.That(text, Is.EqualTo(await File.ReadAllTextAsync(path)), "The MCP tools changed: review them, then run with UPDATE_SNAPSHOTS=1 to accept.");
    }
}
