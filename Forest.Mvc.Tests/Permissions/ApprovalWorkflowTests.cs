using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>Approval requests: stored on trigger, listed, approved (running the stored request once) or rejected.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class ApprovalWorkflowTests(string provider)
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _admin = null!;
    private ForestApi _manager = null!;
    private ForestApi _support = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _factory = LiveDemoFactory.For(provider);
        _admin = await ForestApi.LoginAsync(_factory, "admin@forest.demo");
        _manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");
        _support = await ForestApi.LoginAsync(_factory, "support@forest.demo");
    }

    [TearDown]
    public void Stop() => _factory?.Dispose();

    private Task<string> StatusOfAsync(int company) =>
        _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == company).Select(c => c.Status).SingleAsync());

    private async Task<string> RequestSuspendAsync(params string[] ids)
    {
        var response = await _manager.TriggerAsync("suspend", ForestApi.Body("companies", ids));
        var body = await ForestApi.JsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(403), body.ToJsonString());
        var error = body["errors"]![0]!;
        Assert.That(error["name"]!.GetValue<string>(), Is.EqualTo("CustomActionRequiresApprovalError"));
        Assert.That(error["detail"]!.GetValue<string>(), Is.EqualTo("This action requires to be approved."));
        return error["data"]!["approvalRequestId"]!.GetValue<string>();
    }

    private static StringContent Message(string? message) =>
        new(new JsonObject { ["message"] = message }.ToJsonString(), Encoding.UTF8, "application/json");

    [Test]
    public async Task Trigger_StoresTheRequest_WithoutRunningTheAction()
    {
        var response = await _manager.TriggerAsync("suspend", ForestApi.Body("companies", ["3", "4"]));

        var error = (await ForestApi.JsonAsync(response))["errors"]![0]!;
        Assert.Multiple(async () =>
        {
            Assert.That(error["data"]!["roleIdsAllowedToApprove"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(error["data"]!["recordIds"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "3", "4" }));
            Assert.That(await StatusOfAsync(3), Is.Not.EqualTo("suspended"));
            var requested = await ForestApi.JsonAsync(await _manager.Client.GetAsync("/forest/approvals?view=requested"));
            Assert.That(requested["meta"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(requested["data"]![0]!["requester"]!["email"]!.GetValue<string>(), Is.EqualTo("manager@forest.demo"));
            var toReview = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/approvals?view=to-review"));
            Assert.That(toReview["data"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "Suspend" }));
            var supportView = await ForestApi.JsonAsync(await _support.Client.GetAsync("/forest/approvals?view=to-review"));
            Assert.That(supportView["meta"]!["count"]!.GetValue<int>(), Is.Zero, "support cannot approve Suspend");
        });
    }

    [Test]
    public async Task Approve_RunsTheStoredRequest_AndAnswersTheActionsResult()
    {
        var id = await RequestSuspendAsync("5");

        var response = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", Message("Looks right"));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"1 company suspended.\"}"));
        var approval = (await ForestApi.JsonAsync(await _admin.Client.GetAsync($"/forest/approvals/{id}")))["data"]!;
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync(5), Is.EqualTo("suspended"));
            Assert.That(approval["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(approval["reviewer"]!["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
            Assert.That(approval["message"]!.GetValue<string>(), Is.EqualTo("Looks right"));
            Assert.That(approval["resultStatus"]!.GetValue<int>(), Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Approve_Twice_IsRefused_AndRunsOnce()
    {
        var id = await RequestSuspendAsync("6");
        await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", Message(null));

        var again = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", Message(null));
        var reject = await _admin.Client.PostAsync($"/forest/approvals/{id}/reject", Message(null));

        Assert.That((await ForestApi.ErrorAsync(again)).Name, Is.EqualTo("ApprovalAlreadyProcessedError"));
        Assert.That((int)reject.StatusCode, Is.EqualTo(409));
        var activity = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/activity?kind=execution"));
        Assert.That(activity["meta"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentApprovals_RunTheRequestExactlyOnce()
    {
        var id = await RequestSuspendAsync("7");
        var admins = new List<ForestApi>();
        for (var i = 0; i < 4; i++)
        {
            admins.Add(await ForestApi.LoginAsync(_factory, "admin@forest.demo"));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => admins[i % admins.Count].Client.PostAsync($"/forest/approvals/{id}/approve", Message($"race {i}"))));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == 200), Is.EqualTo(1), string.Join(",", statuses));
        Assert.That(statuses.Count(s => s == 409), Is.EqualTo(23));
        var activity = await ForestApi.JsonAsync(await _admin.Client.GetAsync($"/forest/activity?kind=execution&action=Suspend"));
        Assert.That(activity["meta"]!["count"]!.GetValue<int>(), Is.EqualTo(1), "one execution in the activity log");
    }

    [Test]
    public async Task Reject_NeverRuns()
    {
        var id = await RequestSuspendAsync("8");

        var response = await _admin.Client.PostAsync($"/forest/approvals/{id}/reject", Message("Not now"));
        var approve = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", Message(null));

        Assert.That((await ForestApi.JsonAsync(response))["data"]!["status"]!.GetValue<string>(), Is.EqualTo("rejected"));
        Assert.That((int)approve.StatusCode, Is.EqualTo(409));
        Assert.That(await StatusOfAsync(8), Is.Not.EqualTo("suspended"));
        var history = await ForestApi.JsonAsync(await _manager.Client.GetAsync("/forest/approvals?view=history"));
        Assert.That(history["data"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("Not now"));
    }

    [Test]
    public async Task Requester_WithoutApprovePermission_CannotApprove_NorCanSupport()
    {
        var id = await RequestSuspendAsync("9");

        var own = await _manager.Client.PostAsync($"/forest/approvals/{id}/approve", Message(null));
        var support = await _support.Client.PostAsync($"/forest/approvals/{id}/reject", Message(null));

        Assert.That((await ForestApi.ErrorAsync(own)).Name, Is.EqualTo("ApprovalNotAllowedError"));
        Assert.That((await ForestApi.ErrorAsync(support)).Name, Is.EqualTo("ApprovalNotAllowedError"));
        Assert.That(await StatusOfAsync(9), Is.Not.EqualTo("suspended"));
    }

    [Test]
    public async Task Expired_RequestsNeverRun()
    {
        var id = await RequestSuspendAsync("12"); // pending in the seed
        await ExpireAsync(Guid.Parse(id));

        var response = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", Message(null));

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That((await ForestApi.JsonAsync(await _admin.Client.GetAsync($"/forest/approvals/{id}")))["data"]!["status"]!.GetValue<string>(), Is.EqualTo("expired"));
        Assert.That(await StatusOfAsync(12), Is.EqualTo("pending"));
    }

    [Test]
    public async Task SelectAll_IsResolvedIntoIds_AtRequestTime()
    {
        var pending = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending").Select(c => c.Id).ToListAsync());
        var response = await _manager.TriggerAsync("suspend", ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["segment"] = "Pending companies" };
        }));
        var data = (await ForestApi.JsonAsync(response))["errors"]![0]!["data"]!;
        var latecomer = await _factory.WithDbAsync(async db =>
        {
            var company = new Company { Name = "Latecomer", Status = "pending", Industry = "Food", CreatedAt = DateTime.UtcNow };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            return company.Id;
        });

        await _admin.Client.PostAsync($"/forest/approvals/{data["approvalRequestId"]!.GetValue<string>()}/approve", Message(null));

        Assert.That(data["recordIds"]!.AsArray().Select(i => int.Parse(i!.GetValue<string>())), Is.EquivalentTo(pending));
        Assert.That(await StatusOfAsync(latecomer), Is.EqualTo("pending"), "approval runs exactly what was requested");
        Assert.That(await _factory.WithDbAsync(db => db.Companies.CountAsync(c => pending.Contains(c.Id) && c.Status == "suspended")), Is.EqualTo(pending.Count));
    }

    [Test]
    public async Task RequesterIdInABody_AndSignedApprovals_AreRefused()
    {
        var id = await RequestSuspendAsync("11");

        var approve = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", new StringContent("{\"requester_id\":\"1\"}", Encoding.UTF8, "application/json"));
        var signed = await _admin.TriggerAsync("suspend", ForestApi.Body("companies", ["11"], more: a => a["signed_approval_request"] = "eyJhbGciOiJIUzI1NiJ9.e30.x"));

        Assert.That((int)approve.StatusCode, Is.EqualTo(422));
        Assert.That((await ForestApi.ErrorAsync(signed)).Detail, Does.StartWith("signed_approval_request is not accepted"));
        Assert.That(await StatusOfAsync(11), Is.Not.EqualTo("suspended"));
    }

    [Test]
    public async Task HistoryExport_IsCsv_SafeAgainstFormulas()
    {
        var accountant = await ForestApi.LoginAsync(_factory, "accountant@forest.demo");
        var big = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 1, amount: 2000));
        var response = await accountant.TriggerAsync("refund", ForestApi.Body("transactions", [big[0].ToString()],
            new JsonObject { ["Reason"] = "Other", ["Details"] = "=HYPERLINK(\"http://evil\",\"x\")", ["Amount"] = 2000 }));
        var id = (await ForestApi.JsonAsync(response))["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();
        await _admin.Client.PostAsync($"/forest/approvals/{id}/reject", Message("=cmd|' /C calc'!A0"));

        var export = await _admin.Client.GetAsync("/forest/approvals/export");
        var csv = await export.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(export.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            Assert.That(export.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("approvals-history.csv"));
            Assert.That(csv, Does.StartWith("id,status,collection,action,record_ids,values,requester_email"));
            Assert.That(csv, Does.Contain($"{id},rejected,transactions,Refund,{big[0]},"));
            Assert.That(csv, Does.Contain("\"'=cmd|' /C calc'!A0\""), "a formula in a cell is neutralised");
            Assert.That(csv.Split("\r\n").Where(l => l.Length > 0).All(l => !l.Contains(",=", StringComparison.Ordinal)), Is.True);
        });
    }

    private async Task ExpireAsync(Guid id)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<Forest.Mvc.Storage.ForestStoreContext>();
        await store.Approvals.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
    }
}
