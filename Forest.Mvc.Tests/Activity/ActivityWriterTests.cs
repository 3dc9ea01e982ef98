using System.Net;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Forest.Mvc.Tests.Activity;

/// <summary>
/// The activity log is written in batches off the request path, without loss: every call is in it, including the
/// calls answered just before a graceful stop.
/// </summary>
[TestFixture]
public sealed class ActivityWriterTests
{
    [Test]
    public async Task TenThousandCalls_GiveTenThousandEntries_AcrossAGracefulStop()
    {
        const int calls = 10_000;
        var factory = new LiveDemoFactory { KeepFiles = true };
        var store = Path.Combine(factory.Directory, "forest-store.db");
        var viewer = await ForestApi.LoginAsync(factory, "viewer@forest.demo");
        var statuses = new List<HttpStatusCode>();
        var next = 0;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= calls)
            {
                var response = await viewer.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["1"]));
                lock (statuses)
                {
                    statuses.Add(response.StatusCode);
                }
            }
        });
        await Task.WhenAll(workers);

        // A graceful stop right after the last answer: whatever is still queued must be written.
        await factory.DisposeAsync();

        Assert.That(statuses, Has.Count.EqualTo(calls).And.All.EqualTo(HttpStatusCode.Forbidden));
        await using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM forest_activity WHERE Kind = 'denied' AND Action = 'Mark as Live'";
        var written = Convert.ToInt32(await count.ExecuteScalarAsync());
        await connection.CloseAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(factory.Directory, recursive: true);
        Assert.That(written, Is.EqualTo(calls));
    }
}
