using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Storage;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Jobs;

/// <summary>
/// What keeps background jobs in bounds over time: the per-instance thread limit, an approved background action
/// queued as the requester, file results in a folder, results purged when their lifetime ends, and the sweep that
/// ends a job left without a Quartz job.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class JobLimitsAndUpkeepTests(string provider)
{
    private static JsonObject SelectAll(string collection) => ForestApi.Body(collection, more: a => a["all_records"] = true);

    private static string Status(JsonObject job) => job["status"]!.GetValue<string>();

    [TestCase(1)]
    [TestCase(2)]
    public async Task JobsRunningAtOnce_AreCappedByTheThreadCount(int threads)
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "150"), ("LiveDemo:JobChunk", "5"), ("Forest:Jobs:Threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var admin = await ForestApi.LoginAsync(demo);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ForestApi.JsonAsync(await admin.TriggerAsync("recompute-risk-scores", SelectAll("companies"))))["job"]!["id"]!.GetValue<string>());
        }

        var mostAtOnce = 0;
        var ended = 0;
        int Count(JsonObject list, string status) => list["data"]!.AsArray().Count(j => ids.Contains(j!["id"]!.GetValue<string>()) && Status(j.AsObject()) == status);
        for (var i = 0; i < 600 && ended < ids.Count; i++)
        {
            // One list of the three jobs is one read of the store: a snapshot, where reading them one by one could
            // see a job still running and, a moment later, the job that took its thread.
            var jobs = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/jobs?status=queued,running,succeeded,failed"));
            mostAtOnce = Math.Max(mostAtOnce, Count(jobs, "running"));
            ended = Count(jobs, "succeeded");
            await Task.Delay(50);
        }

        Assert.Multiple(() =>
        {
            Assert.That(ended, Is.EqualTo(3), "every job ends");
            Assert.That(mostAtOnce, Is.EqualTo(threads), "as many jobs run at once as Forest:Jobs:Threads, no more");
        });
    }

    [Test]
    public async Task AnApprovedBackgroundAction_IsQueuedForTheRequester_AndRuns()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "0"));
        var manager = await ForestApi.LoginAsync(demo, "manager@forest.demo");
        var admin = await ForestApi.LoginAsync(demo);

        var held = await manager.TriggerAsync("re-send-invoices", ForestApi.Body("companies", ["7", "8"]));
        var error = (await ForestApi.JsonAsync(held))["errors"]![0]!;
        var jobsWhileHeld = await demo.WithStoreAsync(store => store.Jobs.CountAsync());
        var approved = await admin.Client.PostAsync($"/forest/approvals/{error["data"]!["approvalRequestId"]!.GetValue<string>()}/approve", null);
        var answer = await ForestApi.JsonAsync(approved);
        var id = answer["job"]!["id"]!.GetValue<string>();
        var job = await manager.WaitForJobAsync(id);
        var report = await manager.Client.GetStringAsync($"/forest/jobs/{id}/report.csv");

        Assert.Multiple(() =>
        {
            Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(error["name"]!.GetValue<string>(), Is.EqualTo("CustomActionRequiresApprovalError"));
            Assert.That(jobsWhileHeld, Is.Zero, "nothing is queued before the approval");
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(answer["success"]!.GetValue<string>(), Is.EqualTo("Re-send invoices started in the background."));
            Assert.That(job["requester"]!["email"]!.GetValue<string>(), Is.EqualTo("manager@forest.demo"), "the job is the requester's: they follow it");
            Assert.That(job["approval"]!["approver"]!["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"), "and runs as its approver, as approved actions do");
            Assert.That(Status(job), Is.EqualTo("succeeded"), job.ToJsonString());
            var lines = report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[1], Does.StartWith("7,failed,").And.EndWith("has no billing contact."), "the demo fails every seventh company");
            Assert.That(lines[2], Is.EqualTo("8,succeeded,"));
        });
    }

    [Test]
    public async Task FileResults_InAFolder_ArePurgedWithTheirLifetime()
    {
        var folder = Directory.CreateTempSubdirectory("forest-results-").FullName;
        using var demo = LiveDemoFactory.For(provider, ("Forest:Jobs:ResultFolder", folder), ("Forest:Jobs:ResultLifetime", "00:00:03"), ("Forest:Jobs:SweepInterval", "00:00:01"));
        var admin = await ForestApi.LoginAsync(demo);

        var id = (await ForestApi.JsonAsync(await admin.TriggerAsync("export-customers", ForestApi.Body("customers"))))["job"]!["id"]!.GetValue<string>();
        var job = await admin.WaitForJobAsync(id);
        var file = Path.Combine(folder, id + ".result");
        var inFolder = File.Exists(file);
        var bytesInStore = await demo.WithStoreAsync(store => store.Jobs.Where(j => j.Id == Guid.Parse(id)).Select(j => j.ResultFile).SingleAsync());
        var result = await admin.Client.GetAsync($"/forest/jobs/{id}/result");
        var csv = await result.Content.ReadAsStringAsync();

        HttpResponseMessage gone = result;
        for (var i = 0; i < 100 && gone.StatusCode != HttpStatusCode.Gone; i++)
        {
            await Task.Delay(100);
            gone = await admin.Client.GetAsync($"/forest/jobs/{id}/result");
        }

        // The sweep deletes the file, then marks the result expired: wait for both.
        var after = await ForestApi.JsonAsync(await admin.Client.GetAsync($"/forest/jobs/{id}"));
        for (var i = 0; i < 50 && (File.Exists(file) || after["result"]?["kind"]?.GetValue<string>() != "expired"); i++)
        {
            await Task.Delay(100);
            after = await ForestApi.JsonAsync(await admin.Client.GetAsync($"/forest/jobs/{id}"));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(job["result"]!["kind"]!.GetValue<string>(), Is.EqualTo("file"));
            Assert.That(inFolder, Is.True, "the file is written in the result folder");
            Assert.That(bytesInStore, Is.Null, "and not in the store");
            Assert.That(csv, Does.StartWith("id,first_name,last_name,email\r\n"));
            Assert.That(result.Content.Headers.ContentDisposition?.FileNameStar ?? result.Content.Headers.ContentDisposition?.FileName, Does.Match("customers-\\d{8}\\.csv"));
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That((await ForestApi.ErrorAsync(gone)).Name, Is.EqualTo("JobResultExpiredError"));
            Assert.That(File.Exists(file), Is.False, "the sweep deletes the expired file");
            Assert.That(after["result"]!["kind"]!.GetValue<string>(), Is.EqualTo("expired"));
            Assert.That(Status(after), Is.EqualTo("succeeded"), "the job itself stays in the history");
        });
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task AJobLeftRunningWithoutAQuartzJob_IsEndedByTheSweep()
    {
        using var demo = LiveDemoFactory.For(provider, ("Forest:Jobs:SweepInterval", "00:00:01"));
        var admin = await ForestApi.LoginAsync(demo);
        var orphan = new StoredJob
        {
            Id = Guid.NewGuid(), Collection = "companies", Action = "Re-send invoices", Payload = "{}", Requester = "{}",
            RequesterId = "1", RequesterEmail = "admin@forest.demo", Status = JobStatus.Running, Attempts = 1,
            CreatedAt = DateTime.UtcNow.AddHours(-1), StartedAt = DateTime.UtcNow.AddHours(-1),
        };
        await demo.WithStoreAsync(async store => { store.Jobs.Add(orphan); return await store.SaveChangesAsync(); });

        var job = await admin.WaitForJobAsync(orphan.Id.ToString("N"), seconds: 15);

        Assert.Multiple(() =>
        {
            Assert.That(Status(job), Is.EqualTo("interrupted"));
            Assert.That(job["progress"]!["message"]!.GetValue<string>(), Does.Contain("no longer scheduled"));
            Assert.That(job["finishedAt"]?.GetValue<string>(), Is.Not.Null);
        });
    }

    [Test]
    public async Task ACancellation_AndARefusedList_AreInTheActivityLog()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "20000"));
        var admin = await ForestApi.LoginAsync(demo);
        var manager = await ForestApi.LoginAsync(demo, "manager@forest.demo");
        var id = (await ForestApi.JsonAsync(await admin.TriggerAsync("recompute-risk-scores", SelectAll("companies"))))["job"]!["id"]!.GetValue<string>();

        var everyone = await manager.Client.GetAsync("/forest/jobs?filter=all");
        var cancelled = await admin.Client.PostAsync($"/forest/jobs/{id}/cancel", null);
        JsonObject? cancellation = null;
        JsonObject? refusal = null;
        for (var i = 0; i < 50 && (cancellation is null || refusal is null); i++)
        {
            await Task.Delay(100);
            cancellation = (await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/activity?kind=cancellation")))["data"]!.AsArray().FirstOrDefault()?.AsObject();
            refusal = (await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/activity?kind=forbidden")))["data"]!.AsArray().FirstOrDefault()?.AsObject();
        }

        Assert.Multiple(() =>
        {
            Assert.That(everyone.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(cancellation?["user"]?["email"]?.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
            Assert.That(cancellation?["action"]?.GetValue<string>(), Is.EqualTo("Recompute risk scores"));
            Assert.That(cancellation?["outcome"]?.GetValue<string>(), Does.Contain(id));
            Assert.That(refusal?["action"]?.GetValue<string>(), Is.EqualTo("GET /forest/jobs"));
            Assert.That(refusal?["user"]?["email"]?.GetValue<string>(), Is.EqualTo("manager@forest.demo"));
        });
    }

    [Test]
    public async Task TheStatusFilter_TakesSeveralStatuses_AndNamesAnUnknownOne()
    {
        using var demo = LiveDemoFactory.For(provider, ("LiveDemo:JobDelayMs", "0"));
        var admin = await ForestApi.LoginAsync(demo);
        var id = (await ForestApi.JsonAsync(await admin.TriggerAsync("re-send-invoices", ForestApi.Body("companies", ["3"]))))["job"]!["id"]!.GetValue<string>();
        await admin.WaitForJobAsync(id);

        var open = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/jobs?status=queued,running"));
        var ended = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/jobs?status=failed, succeeded"));
        var unknown = await admin.Client.GetAsync("/forest/jobs?status=running,done");

        Assert.Multiple(async () =>
        {
            Assert.That(open["meta"]!["count"]!.GetValue<int>(), Is.Zero);
            Assert.That(ended["data"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()), Is.EqualTo(new[] { id }));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await ForestApi.ErrorAsync(unknown)).Detail, Does.Contain("status 'done' is not a job status"));
        });
    }
}
