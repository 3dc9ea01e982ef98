using System.Net;
using Forest.Mvc.Activity;
using Forest.Mvc.Storage;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Activity;

/// <summary>
/// Entries nobody waits for (refusals, security events) are written as multi-row INSERTs built from the store's
/// model, not through EF Core's change tracker: what is written must read back exactly as EF Core would have
/// written it, on SQLite and on PostgreSQL, and a call refused by its permission is still one line of the log.
/// </summary>
[TestFixture]
public sealed class ActivityBulkInsertTests
{
    [TestCase(LiveDemoFactory.Sqlite)]
    [TestCase("PostgreSql")]
    public async Task EntriesWrittenInBulk_ReadBackFieldForField_AndMatchEfCoreFilters(string provider)
    {
        using var factory = provider == LiveDemoFactory.Sqlite ? new LiveDemoFactory() : PostgreSqlServer.LiveDemo();
        var approval = Guid.NewGuid();
        var marker = "bulk-" + Guid.NewGuid().ToString("N")[..8];

        // More rows than one command carries (2 000 parameters / 17 columns = 117 rows), with every column set or null.
        var entries = Enumerable.Range(0, 300).Select(i => new StoredActivity
        {
            At = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 1.5),
            Kind = i % 2 == 0 ? "denied" : "login_failed",
            UserId = i % 3 == 0 ? null : "user-" + i,
            UserEmail = marker + "@forest.demo",
            Collection = "companies",
            Action = "Mark as Live \"quoted\" 'single' ; --",
            RecordIds = "[\"" + i + "\"]",
            AllRecords = i % 5 == 0,
            Values = i % 4 == 0 ? null : "{\"reason\":\"é ✓ " + i + "\"}",
            Outcome = "refused " + i,
            Status = i % 7 == 0 ? null : 403,
            DurationMs = i % 6 == 0 ? null : i / 3.0,
            ApprovalId = i % 2 == 0 ? approval : null,
            TraceId = i % 2 == 0 ? new string('a', 32) : null,
            Source = i % 3 == 0 ? "mcp" : null,
            Tool = i % 3 == 0 ? "mark_as_live" : null,
            Token = i % 3 == 0 ? "token " + i : null,
        }).ToList();

        await factory.WithStoreAsync(async store =>
        {
            await using var transaction = await store.Database.BeginTransactionAsync();
            await new ActivityBulkInsert(store).InsertAsync(store, entries);
            await transaction.CommitAsync();
            return 0;
        });

        var read = await factory.WithStoreAsync(store => store.Activity.AsNoTracking().Where(a => a.UserEmail == marker + "@forest.demo").OrderBy(a => a.Id).ToListAsync());
        Assert.That(read, Has.Count.EqualTo(entries.Count));
        Assert.That(read.Select(a => a.Id).Distinct().Count(), Is.EqualTo(entries.Count), "each row got its own generated id");
        for (var i = 0; i < entries.Count; i++)
        {
            var (expected, actual) = (entries[i], read[i]);
            Assert.That(
                new object?[] { actual.At, actual.Kind, actual.UserId, actual.Collection, actual.Action, actual.RecordIds, actual.AllRecords, actual.Values, actual.Outcome, actual.Status, actual.DurationMs, actual.ApprovalId, actual.TraceId, actual.Source, actual.Tool, actual.Token },
                Is.EqualTo(new object?[] { expected.At, expected.Kind, expected.UserId, expected.Collection, expected.Action, expected.RecordIds, expected.AllRecords, expected.Values, expected.Outcome, expected.Status, expected.DurationMs, expected.ApprovalId, expected.TraceId, expected.Source, expected.Tool, expected.Token }),
                $"row {i}");
        }

        // The stored representation is the one EF Core queries with (Guid, DateTime and bool columns especially).
        var byApproval = await factory.WithStoreAsync(store => store.Activity.CountAsync(a => a.ApprovalId == approval));
        var since = entries[200].At;
        var byTime = await factory.WithStoreAsync(store => store.Activity.CountAsync(a => a.UserEmail == marker + "@forest.demo" && a.At >= since));
        var allRecords = await factory.WithStoreAsync(store => store.Activity.CountAsync(a => a.UserEmail == marker + "@forest.demo" && a.AllRecords));
        Assert.That(new[] { byApproval, byTime, allRecords }, Is.EqualTo(new[] { 150, 100, 60 }));
    }

    [TestCase(LiveDemoFactory.Sqlite)]
    [TestCase("PostgreSql")]
    public async Task RefusedCalls_AreEachOneLineOfTheLog_AndTheStoresDurabilityIsRestoredAfterTheirBatches(string provider)
    {
        using var factory = provider == LiveDemoFactory.Sqlite ? new LiveDemoFactory() : PostgreSqlServer.LiveDemo();
        var viewer = await ForestApi.LoginAsync(factory, "viewer@forest.demo");

        // Refusals only: their batches are committed without waiting for the disk (RelaxedCommit).
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => viewer.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["1"]))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Forbidden));
        var lines = await factory.WithStoreAsync(store => store.Activity.Where(a => a.UserEmail == "viewer@forest.demo" && a.Action == "Mark as Live").ToListAsync());
        Assert.That(lines.Select(l => (l.Kind, l.Status, l.Collection)), Is.EqualTo(Enumerable.Repeat(("denied", (int?)403, "companies"), 20)));
        if (provider == LiveDemoFactory.Sqlite)
        {
            // The pooled connection the writer used is back at SQLite's default level (FULL = 2) for the store's other writes.
            var level = await factory.WithStoreAsync(async store =>
            {
                await store.Database.OpenConnectionAsync();
                await using var command = store.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA synchronous";
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            });
            Assert.That(level, Is.EqualTo(2));
        }

        // An action's pending entry, written after them, still commits and the action runs.
        var admin = await ForestApi.LoginAsync(factory);
        Assert.That((int)(await admin.TriggerAsync("suspend", ForestApi.Body("companies", ["2"]))).StatusCode, Is.EqualTo(200));
    }
}
