using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Deployment;

/// <summary>
/// The Live Demo as a real process, killed with SIGKILL while two background jobs run, then started again:
/// the resumable job is run again from the start and succeeds; the other is marked interrupted with its partial
/// progress and report kept; no job stays running.
/// </summary>
[TestFixture]
public sealed class JobRestartTests
{
    [Test]
    public async Task AfterSigkill_TheResumableJobRunsAgain_AndTheOtherIsInterrupted()
    {
        using var demo = new LiveDemoProcess(new Dictionary<string, string> { ["LiveDemo__JobChunk"] = "5", ["LiveDemo__JobDelayMs"] = "700" });
        await demo.StartAsync();
        using var http = new HttpClient { BaseAddress = demo.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await demo.LoginAsync());
        var all = ForestApi.Body("companies", more: a => a["all_records"] = true).ToJsonString();
        var resumable = await QueueAsync(http, "recompute-risk-scores", all);
        var once = await QueueAsync(http, "re-send-invoices", all);
        await WaitAsync(http, resumable, job => job["progress"]!["done"]!.GetValue<long>() >= 5);
        await WaitAsync(http, once, job => job["progress"]!["done"]!.GetValue<long>() >= 5);

        demo.Kill();
        await demo.StartAsync();

        var resumed = await WaitAsync(http, resumable, job => job["status"]!.GetValue<string>() != "running");
        var interrupted = await WaitAsync(http, once, job => job["status"]!.GetValue<string>() != "running");
        var report = await http.GetStringAsync($"/forest/jobs/{once}/report.csv");
        var running = await http.GetFromJsonAsync<JsonObject>("/forest/jobs?status=running");
        Assert.Multiple(() =>
        {
            Assert.That(resumed["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), resumed.ToJsonString());
            Assert.That(resumed["attempts"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(resumed["progress"]!["done"]!.GetValue<long>(), Is.EqualTo(resumed["progress"]!["total"]!.GetValue<long>()));
            Assert.That(interrupted["status"]!.GetValue<string>(), Is.EqualTo("interrupted"), interrupted.ToJsonString());
            Assert.That(interrupted["progress"]!["done"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(5).And.LessThan(interrupted["progress"]!["total"]!.GetValue<long>()));
            Assert.That(report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1, Is.GreaterThanOrEqualTo(5), "the partial report is kept");
            Assert.That(running!["meta"]!["count"]!.GetValue<int>(), Is.Zero, "no job stays running");
        });
    }

    private static async Task<string> QueueAsync(HttpClient http, string action, string body)
    {
        var response = await http.PostAsync($"/forest/actions/{action}?timezone=UTC", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        return (await ForestApi.JsonAsync(response))["job"]!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> WaitAsync(HttpClient http, string id, Func<JsonObject, bool> done)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = (await http.GetFromJsonAsync<JsonObject>($"/forest/jobs/{id}"))!;
            if (done(job))
            {
                return job;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"job {id} did not get there within 60 s");
        return null!;
    }
}
