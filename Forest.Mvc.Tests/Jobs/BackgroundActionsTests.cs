using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Jobs;

/// <summary>
/// Background actions on Quartz.NET, through HTTP: the call is checked and answers at once with its job, the job
/// replays the request as the requester, reports progress and per-record outcomes, keeps its result, and can be
/// cancelled; users see their own jobs.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class BackgroundActionsTests(string provider)
{
    private static readonly JsonObject AllCompanies = new() { ["all_records"] = true };

    private static JsonObject SelectAll(string collection) => ForestApi.Body(collection, more: a => a["all_records"] = true);

    [Test]
    public async Task ABulkAction_AnswersWithItsJob_ThenRunsWithProgressAndAReport()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "0"));
        var admin = await ForestApi.LoginAsync(demo);
        var companies = await demo.WithDbAsync(db => db.Companies.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());

        var queued = await ForestApi.JsonAsync(await admin.TriggerAsync("re-send-invoices", SelectAll("companies")));
        var id = queued["job"]!["id"]!.GetValue<string>();
        var job = await admin.WaitForJobAsync(id);
        var report = await admin.Client.GetStringAsync($"/forest/jobs/{id}/report.csv");

        var failures = companies.Count(c => c % 7 == 0);
        Assert.Multiple(() =>
        {
            Assert.That(queued["success"]!.GetValue<string>(), Is.EqualTo("Re-send invoices started in the background."));
            Assert.That(queued["job"]!["status"]!.GetValue<string>(), Is.EqualTo("queued"));
            Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), job.ToJsonString());
            Assert.That((job["progress"]!["done"]!.GetValue<long>(), job["progress"]!["total"]!.GetValue<long>()), Is.EqualTo(((long)companies.Count, (long)companies.Count)));
            Assert.That(job["result"]!["body"]!["success"]!.GetValue<string>(), Is.EqualTo($"{companies.Count - failures} invoices re-sent, {failures} failed (see the report)."));
            Assert.That(job["requester"]!["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
            var lines = report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[0], Is.EqualTo("record_id,outcome,reason"));
            Assert.That(lines, Has.Length.EqualTo(companies.Count + 1));
            Assert.That(lines.Count(l => l.Contains(",failed,", StringComparison.Ordinal)), Is.EqualTo(failures));
        });
    }

    [Test]
    public async Task AGlobalDownload_KeepsItsFile_ForTheResultRoute()
    {
        using var demo = LiveDemoFactory.For(provider);
        var admin = await ForestApi.LoginAsync(demo);
        var customers = await demo.WithDbAsync(db => db.Customers.CountAsync());

        var queued = await ForestApi.JsonAsync(await admin.TriggerAsync("export-customers", ForestApi.Body("customers")));
        var id = queued["job"]!["id"]!.GetValue<string>();
        var job = await admin.WaitForJobAsync(id);
        var result = await admin.Client.GetAsync($"/forest/jobs/{id}/result");
        var csv = await result.Content.ReadAsStringAsync();

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), job.ToJsonString());
        Assert.That(job["result"]!["kind"]!.GetValue<string>(), Is.EqualTo("file"));
        Assert.That(result.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(result.Content.Headers.ContentDisposition!.FileName, Does.StartWith("customers-").And.EndWith(".csv"));
        Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(customers + 1));
    }

    [Test]
    public async Task ARunningJob_IsCancelled_AndItsActionStops()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "20000"));
        var admin = await ForestApi.LoginAsync(demo);
        var queued = await ForestApi.JsonAsync(await admin.TriggerAsync("re-send-invoices", SelectAll("companies")));
        var id = queued["job"]!["id"]!.GetValue<string>();
        for (var i = 0; i < 100 && (await ForestApi.JsonAsync(await admin.Client.GetAsync($"/forest/jobs/{id}")))["status"]!.GetValue<string>() != "running"; i++)
        {
            await Task.Delay(100);
        }

        var cancel = await admin.Client.PostAsync($"/forest/jobs/{id}/cancel", null);
        var job = await admin.WaitForJobAsync(id);
        var again = await admin.Client.PostAsync($"/forest/jobs/{id}/cancel", null);

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("cancelled"), job.ToJsonString());
        Assert.That(job["cancelledBy"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
        Assert.That((await ForestApi.ErrorAsync(again)).Status, Is.EqualTo(409));
    }

    [Test]
    public async Task UsersSeeTheirOwnJobs_AdministratorsSeeAll()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "0"));
        var admin = await ForestApi.LoginAsync(demo);
        var manager = await ForestApi.LoginAsync(demo, "manager@forest.demo");
        var id = (await ForestApi.JsonAsync(await admin.TriggerAsync("export-customers", ForestApi.Body("customers"))))["job"]!["id"]!.GetValue<string>();
        await admin.WaitForJobAsync(id);

        var managersView = await manager.Client.GetAsync($"/forest/jobs/{id}");
        var managersList = await ForestApi.JsonAsync(await manager.Client.GetAsync("/forest/jobs"));
        var managersAll = await manager.Client.GetAsync("/forest/jobs?filter=all");
        var adminsAll = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/jobs?filter=all"));

        Assert.That((await ForestApi.ErrorAsync(managersView)).Status, Is.EqualTo(404));
        Assert.That(managersList["meta"]!["count"]!.GetValue<int>(), Is.Zero);
        Assert.That((await ForestApi.ErrorAsync(managersAll)).Status, Is.EqualTo(403));
        Assert.That(adminsAll["data"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()), Does.Contain(id));
    }

    [Test]
    public async Task OverTheQueuedJobsOfAUser_TheCallIs429()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "20000"), ("Forest:Jobs:MaxQueuedPerUser", "1"));
        var admin = await ForestApi.LoginAsync(demo);
        var first = await ForestApi.JsonAsync(await admin.TriggerAsync("re-send-invoices", SelectAll("companies")));

        var second = await admin.TriggerAsync("re-send-invoices", SelectAll("companies"));

        Assert.That((await ForestApi.ErrorAsync(second)).Status, Is.EqualTo(429));
        Assert.That(second.Headers.RetryAfter, Is.Not.Null);
        await admin.Client.PostAsync($"/forest/jobs/{first["job"]!["id"]!.GetValue<string>()}/cancel", null);
    }
}
