using System.Diagnostics;
using System.Net;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Errors;

/// <summary>
/// Fail closed: while another process holds the write lock of the application's database or of the store, writes
/// are answered 503 <c>ServiceUnavailableError</c> with <c>Retry-After</c> within the configured bound and change
/// nothing, an action whose audit entry cannot be written does not run, reads go on, and writes recover by
/// themselves once the lock is gone.
/// </summary>
[TestFixture]
public sealed class DatabaseFaultTests
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new LiveDemoFactory(("Forest:DatabaseTimeout", "00:00:01"));
        _api = await ForestApi.LoginAsync(_factory);
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    /// <summary>Another process's write transaction on one of the database files (the lock is held until disposed).</summary>
    private async Task<SqliteConnection> LockAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.Directory, file)};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private Task<string> StatusOfAsync(int company) =>
        _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == company).Select(c => c.Status).SingleAsync());

    private Task<int> ActivityCountAsync(string action) =>
        _factory.WithStoreAsync(store => store.Activity.CountAsync(a => a.Action == action));

    private static async Task ExpectUnavailableAsync(HttpResponseMessage response, Stopwatch watch)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(503), text);
        var error = await ForestApi.ErrorAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(error.Name, Is.EqualTo("ServiceUnavailableError"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "bounded by Forest:DatabaseTimeout, not SQLite's 30 s");
        });
    }

    [Test]
    public async Task DataDatabaseWriteLocked_ActionIs503_ReadsGoOn_AndWritesRecover()
    {
        var before = await StatusOfAsync(21);
        HttpResponseMessage locked;
        HttpResponseMessage read;
        var watch = Stopwatch.StartNew();
        await using (await LockAsync("livedemo.db"))
        {
            locked = await _api.TriggerAsync("suspend", ForestApi.Body("companies", ["21"]));
            watch.Stop();
            read = await _api.Client.GetAsync("/forest/companies/21");
        }

        await ExpectUnavailableAsync(locked, watch);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads go on while writes are blocked");
        Assert.That(await StatusOfAsync(21), Is.EqualTo(before));

        var after = await _api.TriggerAsync("suspend", ForestApi.Body("companies", ["21"]));
        Assert.That((int)after.StatusCode, Is.EqualTo(200), await after.Content.ReadAsStringAsync());
        Assert.That(await StatusOfAsync(21), Is.EqualTo("suspended"));
    }

    [Test]
    public async Task StoreWriteLocked_TheActionDoesNotRunUnaudited()
    {
        var company = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status != "live").Select(c => c.Id).FirstAsync());
        var audited = await ActivityCountAsync("Mark as Live");
        HttpResponseMessage locked;
        var watch = Stopwatch.StartNew();
        await using (await LockAsync("forest-store.db"))
        {
            locked = await _api.TriggerAsync("mark-as-live", ForestApi.Body("companies", [company.ToString()]));
            watch.Stop();
        }

        await ExpectUnavailableAsync(locked, watch);
        Assert.That(await StatusOfAsync(company), Is.Not.EqualTo("live"), "the action must not run when its audit entry cannot be written");
        Assert.That(await ActivityCountAsync("Mark as Live"), Is.EqualTo(audited));

        var after = await _api.TriggerAsync("mark-as-live", ForestApi.Body("companies", [company.ToString()]));
        Assert.That((int)after.StatusCode, Is.EqualTo(200), await after.Content.ReadAsStringAsync());
        Assert.That(await StatusOfAsync(company), Is.EqualTo("live"));
        Assert.That(await ActivityCountAsync("Mark as Live"), Is.EqualTo(audited + 1));
    }

    [Test]
    public async Task StoreWriteLocked_AuthenticatedReadsGoOn()
    {
        await using (await LockAsync("forest-store.db"))
        {
            var list = await _api.Client.GetAsync("/forest/companies");
            var count = await _api.Client.GetAsync("/forest/companies/count");
            var approvals = await _api.Client.GetAsync("/forest/approvals?view=to-review");
            var activity = await _api.Client.GetAsync("/forest/activity");

            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), await list.Content.ReadAsStringAsync());
            Assert.That(count.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(approvals.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approvals.Content.ReadAsStringAsync());
            Assert.That(activity.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task StoreWriteLocked_ManagementAndApprovalWritesAre503_AndRecover()
    {
        var manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");
        var requested = await manager.TriggerAsync("suspend", ForestApi.Body("companies", ["22"]));
        var approval = (await ForestApi.JsonAsync(requested))["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();
        static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
        HttpResponseMessage setting;
        HttpResponseMessage reject;
        var watch = Stopwatch.StartNew();
        await using (await LockAsync("forest-store.db"))
        {
            setting = await _api.Client.PutAsync("/forest/management/settings/companies/Notify%20CRM", Body("{\"visible\": false}"));
            reject = await _api.Client.PostAsync($"/forest/approvals/{approval}/reject", Body("{\"message\": \"no\"}"));
            watch.Stop();
        }

        await ExpectUnavailableAsync(setting, watch);
        await ExpectUnavailableAsync(reject, watch);
        Assert.That((await _api.Client.PutAsync("/forest/management/settings/companies/Notify%20CRM", Body("{\"visible\": true}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _api.Client.PostAsync($"/forest/approvals/{approval}/reject", Body("{\"message\": \"no\"}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
