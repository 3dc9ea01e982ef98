using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Npgsql;

namespace Forest.Mvc.Tests.Deployment;

/// <summary>
/// A rolling restart: three Live Demo processes on one PostgreSQL deployment take a steady stream of action calls
/// while one of them is stopped with SIGTERM and started again. Nothing is lost, and the only errors are the
/// stopped instance's refused or closed connections.
/// </summary>
[TestFixture]
public sealed class RollingRestartTests
{
    [Test]
    public async Task OneInstanceRestarted_UnderASteadyStream_LosesNothing()
    {
        var server = PostgreSqlServer.Require();
        var name = "forest_r_" + Guid.NewGuid().ToString("N")[..12];
        var settings = LiveDemoProcess.OnPostgreSql(server, name, fromTemplate: true);
        var instances = Enumerable.Range(0, 3).Select(_ => new LiveDemoProcess(settings)).ToList();
        try
        {
            await LiveDemoProcess.StartAllAsync(instances); // a deployment already seeded: they start together

            var outcomes = await StreamWhileRestartingAsync(instances, restarted: 1);

            foreach (var instance in instances)
            {
                Assert.That(await instance.TerminateAsync(), Is.Zero, "a graceful stop on SIGTERM");
            }

            var answered = outcomes.Count(o => o.Outcome == "200");
            var (entries, unconfirmed) = await AuditAsync($"{server};Database={name}_store");
            TestContext.Progress.WriteLine($"Rolling restart: {outcomes.Count} calls, {answered} answered 200, {outcomes.Count(o => o.Outcome == "connection")} connection errors on the restarted instance, {entries} audit entries.");
            Assert.Multiple(() =>
            {
                Assert.That(outcomes.Where(o => o.Outcome != "200" && o.Outcome != "connection").Select(o => o.Outcome), Is.Empty, "no error status anywhere");
                Assert.That(outcomes.Where(o => o.Outcome == "connection").Select(o => o.Instance).Distinct(), Is.SubsetOf(new[] { 1 }), "only the restarted instance's connections fail");
                Assert.That(outcomes.Count(o => o.Instance == 1 && o.Outcome == "200" && o.AfterRestart), Is.Positive,
                    $"the restarted instance serves again; its outcomes after the restart: {string.Join(", ", outcomes.Where(o => o.Instance == 1 && o.AfterRestart).GroupBy(o => o.Outcome).Select(g => $"{g.Key} × {g.Count()}"))}");
                Assert.That(answered, Is.GreaterThan(300));
                Assert.That(entries, Is.EqualTo(answered), "one audit entry per answered call: none lost, none doubled");
                Assert.That(unconfirmed, Is.Zero, "every entry confirmed before the instances stopped");
            });
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
            PostgreSqlServer.Drop(server, $"{name}_data", $"{name}_store");
        }
    }

    private static async Task<List<(int Instance, string Outcome, bool AfterRestart)>> StreamWhileRestartingAsync(List<LiveDemoProcess> instances, int restarted)
    {
        var token = await instances[0].LoginAsync();
        var clients = instances.Select(i => new HttpClient { BaseAddress = i.Address, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        var outcomes = new ConcurrentBag<(int, string, bool)>();
        var body = ForestApi.Body("companies", ["2"]).ToJsonString();
        var afterRestart = false;
        using var stop = new CancellationTokenSource();
        var next = -1;
        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var target = (int)((uint)Interlocked.Increment(ref next) % 3);
                var after = Volatile.Read(ref afterRestart);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/actions/show-some-activity?timezone=UTC") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new("Bearer", token);
                try
                {
                    using var response = await clients[target].SendAsync(request);
                    outcomes.Add((target, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), after));

                    // A steady stream (about 200 calls a second in all), not a flood: the restarted instance gets
                    // the CPU it needs to start, as it would on a machine of its own.
                    await Task.Delay(25);
                }
                catch (HttpRequestException)
                {
                    outcomes.Add((target, "connection", after));
                    await Task.Delay(20);
                }
            }
        })).ToList();

        await Task.Delay(1500);
        Assert.That(await instances[restarted].TerminateAsync(), Is.Zero, "a graceful stop on SIGTERM");
        await Task.Delay(500);
        await instances[restarted].StartAsync();
        Volatile.Write(ref afterRestart, true);

        // The stream goes on until the restarted instance has answered (its first calls may take a while on a busy
        // machine: a fresh process compiles as it serves), then a little longer; 30 s at most.
        for (var waited = 0; waited < 600 && !outcomes.Any(o => o.Item1 == restarted && o.Item2 == "200" && o.Item3); waited++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        clients.ForEach(c => c.Dispose());
        return [.. outcomes];
    }

    private static async Task<(long Entries, long Unconfirmed)> AuditAsync(string store)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE \"Outcome\" = 'running') FROM forest_activity WHERE \"Action\" = 'Show some activity' AND \"Kind\" = 'trigger'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
