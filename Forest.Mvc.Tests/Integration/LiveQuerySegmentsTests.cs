using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>
/// Live-query segments when the application opts in (<c>Forest:LiveQuerySegments</c>): one read-only SELECT, within
/// a timeout, intersected with the filters and the caller's scope; anything else is a 400 and changes nothing.
/// </summary>
[TestFixture]
public sealed class LiveQuerySegmentsTests
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new LiveDemoFactory(("Forest:LiveQuerySegments", "true"), ("Forest:LiveQueryTimeout", "00:00:01"));
        _admin = await ForestApi.LoginAsync(_factory);
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    private static string Segment(string sql, string more = "") => $"segmentQuery={Uri.EscapeDataString(sql)}&connectionName=main{more}";

    private async Task<(int Status, string Body)> GetAsync(ForestApi api, string path)
    {
        var response = await api.Client.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Segment_NarrowsTheList_AndTheCount()
    {
        var list = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/companies?" + Segment("SELECT id FROM Companies WHERE id IN (2, 4, 6)", "&sort=id")));
        var count = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/companies/count?" + Segment("SELECT id FROM Companies WHERE id IN (2, 4, 6)")));
        var capabilities = await ForestApi.JsonAsync(await _admin.Client.PostAsync("/forest/_internal/capabilities", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));

        Assert.Multiple(() =>
        {
            Assert.That(list["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "2", "4", "6" }));
            Assert.That(count["count"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(capabilities["nativeQueryConnections"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "main" }));
        });
    }

    [Test]
    public async Task SelectAll_OnASegment_ActsOnTheSegmentOnly()
    {
        var body = ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["segmentQuery"] = "SELECT id FROM Companies WHERE id IN (7, 8, 9)", ["connectionName"] = "main" };
            a["all_records_ids_excluded"] = new JsonArray("8");
        });

        var response = await _admin.TriggerAsync("suspend", body);
        var suspended = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Id >= 7 && c.Id <= 9 && c.Status == "suspended").Select(c => c.Id).OrderBy(i => i).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.That(suspended, Is.EqualTo(new[] { 7, 9 }));
        });
    }

    [Test]
    public async Task Segment_StaysWithinTheCallersScope()
    {
        var accountant = await ForestApi.LoginAsync(_factory, "accountant@forest.demo");
        var paris = await _factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Headquarter == "Paris"));

        var count = await ForestApi.JsonAsync(await accountant.Client.GetAsync("/forest/companies/count?" + Segment("SELECT id FROM Companies")));

        Assert.That(count["count"]!.GetValue<int>(), Is.EqualTo(paris));
    }

    [TestCase("DELETE FROM Companies", "only a SELECT statement")]
    [TestCase("SELECT id FROM Companies; DROP TABLE Companies", "only one statement")]
    [TestCase("WITH gone AS (DELETE FROM Companies RETURNING id) SELECT id FROM gone", "'DELETE' is not accepted")]
    [TestCase("SELECT id FROM Companies WHERE id = ?", "parameters are not accepted")]
    [TestCase("SELECT name FROM Companies", "the database refused the SQL")]
    public async Task AnythingButOneReadOnlySelect_Is400_AndChangesNothing(string sql, string reason)
    {
        var before = await _factory.WithDbAsync(db => db.Companies.CountAsync());

        var (status, body) = await GetAsync(_admin, "/forest/companies?" + Segment(sql));

        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(400), body);
            Assert.That(body, Does.Contain(reason));
            Assert.That(await _factory.WithDbAsync(db => db.Companies.CountAsync()), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task ASegmentRunningTooLong_IsStopped_By400()
    {
        var clock = Stopwatch.StartNew();

        var (status, body) = await GetAsync(_admin, "/forest/companies/count?" + Segment("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS id FROM r WHERE n < 0"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400), body);
            Assert.That(body, Does.Contain("ran longer than 1 s"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task AnUnknownConnection_Is400()
    {
        var (status, body) = await GetAsync(_admin, $"/forest/companies?segmentQuery={Uri.EscapeDataString("SELECT id FROM Companies")}&connectionName=warehouse");

        Assert.That((status, body.Contains("'warehouse' is not a live-query connection", StringComparison.Ordinal)), Is.EqualTo((400, true)), body);
    }
}
