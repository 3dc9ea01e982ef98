using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Npgsql;

namespace Forest.Mvc.Tests.Deployment;

/// <summary>
/// Quartz clustered on PostgreSQL: three Live Demo processes share one store. 100 jobs queued through the three run
/// exactly once each; killing (SIGKILL) the instance that runs a resumable job lets another instance recover it
/// within the cluster check-in interval.
/// </summary>
[TestFixture]
public sealed class JobClusterTests
{
    private readonly List<LiveDemoProcess> _instances = [];
    private readonly List<HttpClient> _clients = [];
    private string _server = "";
    private string _name = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = PostgreSqlServer.Require();
        _name = "forest_c_" + Guid.NewGuid().ToString("N")[..12];
        var settings = LiveDemoProcess.OnPostgreSql(_server, _name, fromTemplate: true);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Forest__Jobs__ClusterCheckinInterval"] = "00:00:02",
            ["Forest__Jobs__MaxQueuedPerUser"] = "1000",
            ["LiveDemo__JobDelayMs"] = "300",
            ["LiveDemo__JobChunk"] = "5",
        })
        {
            settings[key] = value;
        }

        _instances.AddRange(Enumerable.Range(0, 3).Select(_ => new LiveDemoProcess(settings)));
        await LiveDemoProcess.StartAllAsync(_instances); // a deployment already seeded: they start together

        var token = await _instances[0].LoginAsync();
        foreach (var instance in _instances)
        {
            var client = new HttpClient { BaseAddress = instance.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            _clients.Add(client);
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _clients.ForEach(c => c.Dispose());
        _instances.ForEach(i => i.Dispose());
        PostgreSqlServer.Drop(_server, $"{_name}_data", $"{_name}_store");
    }

    /// <summary>Queues a job as a well-behaved client does: a 503 (store busy, nothing changed) is retried after its Retry-After.</summary>
    private static async Task<string> QueueAsync(HttpClient client, string action, JsonObject body)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostAsync($"/forest/actions/{action}?timezone=UTC", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode == 503 && attempt < 5)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.That((int)response.StatusCode, Is.EqualTo(200), answer);
            return System.Text.Json.Nodes.JsonNode.Parse(answer)!["job"]!["id"]!.GetValue<string>();
        }
    }

    [Test, Order(1)]
    public async Task AHundredJobs_QueuedThroughThreeInstances_EachRunOnce()
    {
        // 12 clients at a time, spread over the three instances.
        var ids = new string[100];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < ids.Length; i = Interlocked.Increment(ref next))
            {
                ids[i] = await QueueAsync(_clients[i % 3], "re-send-invoices", ForestApi.Body("companies", [(i % 20 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }
        }));

        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<(string Status, int Attempts, string? RunBy)> jobs;
        do
        {
            await Task.Delay(500);
            jobs = await JobsAsync(ids);
        }
        while (jobs.Any(j => j.Status is "queued" or "running") && DateTime.UtcNow < deadline);

        var runs = await ScalarAsync("SELECT count(*) FROM forest_activity WHERE \"Action\" = 'Re-send invoices' AND \"Outcome\" LIKE 'answered%'");
        Assert.Multiple(() =>
        {
            Assert.That(jobs.Select(j => j.Status), Is.All.EqualTo("succeeded"));
            Assert.That(jobs.Select(j => j.Attempts), Is.All.EqualTo(1));
            Assert.That(runs, Is.EqualTo(100), "one audited run per job: none lost, none doubled");
            TestContext.Progress.WriteLine("Jobs per instance: " + string.Join(", ", jobs.GroupBy(j => j.RunBy).Select(g => $"{g.Key}: {g.Count()}")));
        });
    }

    [Test, Order(2)]
    public async Task KillingTheInstanceThatRunsAResumableJob_LetsAnotherRecoverIt()
    {
        var id = await QueueAsync(_clients[0], "recompute-risk-scores", ForestApi.Body("companies", more: a => a["all_records"] = true));
        string? runBy = null;
        for (var i = 0; i < 100 && runBy is null; i++)
        {
            await Task.Delay(100);
            runBy = (await JobsAsync([id]))[0].RunBy;
        }

        var victim = _instances.FindIndex(instance => runBy?.EndsWith("/" + instance.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) == true);
        Assert.That(victim, Is.Not.Negative, $"the job runs on {runBy}");
        _instances[victim].Kill();
        var killed = DateTime.UtcNow;

        (string Status, int Attempts, string? RunBy) job;
        do
        {
            await Task.Delay(250);
            job = (await JobsAsync([id]))[0];
        }
        while (job.Status != "succeeded" && DateTime.UtcNow < killed.AddSeconds(60));

        Assert.That(job.Status, Is.EqualTo("succeeded"));
        Assert.That(job.Attempts, Is.EqualTo(2));
        Assert.That(job.RunBy, Is.Not.EqualTo(runBy), "another instance finished it");
        TestContext.Progress.WriteLine($"Recovered and finished {(DateTime.UtcNow - killed).TotalSeconds:0.0} s after the kill (check-in interval 2 s).");
    }

    private async Task<List<(string Status, int Attempts, string? RunBy)>> JobsAsync(IReadOnlyList<string> ids)
    {
        await using var connection = new NpgsqlConnection($"{_server};Database={_name}_store");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Status\", \"Attempts\", \"RunBy\" FROM forest_jobs WHERE \"Id\" = ANY (@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.Select(id => Guid.ParseExact(id, "N")).ToArray());
        var jobs = new List<(string, int, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            jobs.Add((reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return jobs;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection($"{_server};Database={_name}_store");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
