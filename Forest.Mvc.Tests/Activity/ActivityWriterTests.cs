using System.Net;
using System.Net.Http.Json;
using Forest.Mvc.Storage;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Activity;

/// <summary>
/// The activity log is written in batches off the request path, without loss: every call is in it, including the
/// calls answered just before a graceful stop.
/// </summary>
[TestFixture]
public sealed class ActivityWriterTests
{
    [Test]
    public async Task ThreeThousandCalls_GiveThreeThousandEntries_InSeveralBatches_AcrossAGracefulStop()
    {
        const int calls = 3_000; // three times the writer's largest batch
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

    [Test]
    public async Task AnEntryThatCannotBeWritten_DoesNotHoldBackTheOthers()
    {
        // A constraint of the store that refuses one particular entry and accepts every other.
        using var factory = new LiveDemoFactory();
        await factory.WithStoreAsync(store => store.Database.ExecuteSqlRawAsync(RefusePoison));
        var viewer = await ForestApi.LoginAsync(factory, "viewer@forest.demo");
        var admin = await ForestApi.LoginAsync(factory);
        using var anonymous = factory.CreateClient();

        var calls = new List<Task<HttpResponseMessage>> { anonymous.PostAsJsonAsync("/forest/authentication", new { email = PoisonEmail, password = "wrong password" }) };
        calls.AddRange(Enumerable.Range(0, 50).Select(_ => viewer.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["1"]))));
        await Task.WhenAll(calls);
        var afterwards = await admin.TriggerAsync("suspend", ForestApi.Body("companies", ["2"]));

        Assert.That((int)afterwards.StatusCode, Is.EqualTo(200), "pending entries are still written");
        var entries = await factory.WithStoreAsync(store => store.Activity.Select(a => new { a.Kind, a.UserEmail }).ToListAsync());
        Assert.That(entries.Count(e => e.Kind == "denied"), Is.EqualTo(50));
        Assert.That(entries.Any(e => e.UserEmail == PoisonEmail), Is.False);
    }

    private const string PoisonEmail = "poison@forest.demo";

    private const string RefusePoison = "CREATE TRIGGER refuse_poison BEFORE INSERT ON forest_activity WHEN NEW.UserEmail = 'poison@forest.demo' BEGIN SELECT RAISE(ABORT, 'The store refuses this entry.'); END;";
}
