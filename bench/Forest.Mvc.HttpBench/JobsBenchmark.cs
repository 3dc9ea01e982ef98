using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.HttpBench;

/// <summary>The same small action (one company's score updated), declared to run in the request and as a background job.</summary>
public sealed class BenchJobsController : SmartActionsController<Company>
{
    [SmartAction("Touch score", Type = ActionType.Single)]
    public Task<IActionResult> Touch(CancellationToken ct) => TouchAsync(ct);

    [SmartAction("Touch score later", Type = ActionType.Single, Background = true)]
    public Task<IActionResult> TouchLater(CancellationToken ct) => TouchAsync(ct);

    private async Task<IActionResult> TouchAsync(CancellationToken ct)
    {
        var touched = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(c => c.RiskScore, c => (c.RiskScore ?? 0) + 1), ct);
        Progress.Advance(touched);
        return Success($"{touched} touched.");
    }
}

/// <summary>Adds <see cref="BenchJobsController"/> to the Live Demo's controllers.</summary>
internal sealed class BenchJobsFeature : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) => feature.Controllers.Add(typeof(BenchJobsController).GetTypeInfo());
}

/// <summary>
/// Background actions: the cost of answering a call by queueing its job against running the same action in the
/// request (closed loop, N connections, the queued jobs drained between rounds and not counted), then the time
/// 1 000 small jobs take from their first call to the last one's end.
/// </summary>
internal static class JobsBenchmark
{
    public static async Task RunAsync(HttpClient client, string token, int company, string provider, double seconds, int rounds, Func<HttpClient, Func<HttpClient, Task>, double, Task<double>> load)
    {
        var body = """{"data":{"type":"custom-action-requests","attributes":{"collection_name":"companies","ids":[""" + "\"" + company + "\"" + """],"values":{},"all_records":false}}}""";
        Task Direct(HttpClient c) => PostAsync(c, token, "/forest/actions/touch-score?timezone=UTC", body);
        Task Queue(HttpClient c) => PostAsync(c, token, "/forest/actions/touch-score-later?timezone=UTC", body);

        System.Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd} · {Environment.ProcessorCount} cores · store on {provider} · {rounds} interleaved rounds of {seconds} s");
        await load(client, Direct, 1);
        await load(client, Queue, 1);
        await DrainAsync(client, token);
        var direct = new List<double>();
        var queued = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            direct.Add(await load(client, Direct, seconds));
            queued.Add(await load(client, Queue, seconds));
            await DrainAsync(client, token);
        }

        System.Console.WriteLine("call | direct req/s | queued req/s | ratio (queued / direct)");
        System.Console.WriteLine($"Touch score | {direct.Average():0} | {queued.Average():0} | {queued.Average() / direct.Average():0.00}");

        // One call at a time, nothing else running: the latency of the answer alone (the queued job runs after it).
        var directMs = await LatencyAsync(client, Direct);
        var queuedMs = await LatencyAsync(client, Queue);
        await DrainAsync(client, token);
        System.Console.WriteLine($"one call at a time | direct {directMs:0.0} ms | queued {queuedMs:0.0} ms | ratio (queued / direct) {queuedMs / directMs:0.00}");

        const int jobs = 1_000;
        var before = await CountAsync(client, token, "succeeded");
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) => await Queue(client));
        var enqueued = clock.Elapsed;
        await DrainAsync(client, token);
        var all = clock.Elapsed;
        var succeeded = await CountAsync(client, token, "succeeded") - before;
        System.Console.WriteLine($"{jobs} small jobs | queued in {enqueued.TotalSeconds:0.0} s | all ended in {all.TotalSeconds:0.0} s | {jobs / all.TotalSeconds:0} jobs/s | {succeeded} succeeded");
    }

    /// <summary>The median time of 200 calls made one after the other (each queued job drained before the next call).</summary>
    private static async Task<double> LatencyAsync(HttpClient client, Func<HttpClient, Task> call)
    {
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await call(client);
            times.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(30); // leaves a queued job the time to run, so that calls do not compete with jobs
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task PostAsync(HttpClient client, string token, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<int> CountAsync(HttpClient client, string token, string statuses)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/forest/jobs?filter=mine&status={statuses}&page[size]=1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["meta"]!["count"]!.GetValue<int>();
    }

    /// <summary>Waits until no job of the user is queued or running.</summary>
    private static async Task DrainAsync(HttpClient client, string token)
    {
        while (await CountAsync(client, token, "queued,running") > 0)
        {
            await Task.Delay(20);
        }
    }
}
