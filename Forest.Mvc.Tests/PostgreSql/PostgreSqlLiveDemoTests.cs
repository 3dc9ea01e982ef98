using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.PostgreSql;

/// <summary>
/// The Live Demo on PostgreSQL (its data and the library's store), through HTTP: the points where SQLite and
/// PostgreSQL differ (case of the search, dates and time zones, one-statement select-all, the store's writes).
/// </summary>
[TestFixture]
public sealed class PostgreSqlLiveDemoTests
{
    private LiveDemoFactory _factory = null!;
    private SqlCommandLog _log = null!;
    private ForestApi _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _log = new SqlCommandLog();
        _factory = PostgreSqlServer.LiveDemo(_log);
        _admin = await ForestApi.LoginAsync(_factory);
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    private async Task<int> CountAsync(string query)
    {
        var response = await _admin.Client.GetAsync("/forest/companies/count?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ForestApi.JsonAsync(response))["count"]!.GetValue<int>();
    }

    [Test]
    public async Task Search_IsCaseInsensitive_LikeOnSqlite()
    {
        var expected = await _factory.WithDbAsync(db => db.Companies.CountAsync(c => EF.Functions.ILike(c.Name, "%acme%") || EF.Functions.ILike(c.Industry, "%acme%") || EF.Functions.ILike(c.Headquarter!, "%acme%") || EF.Functions.ILike(c.Description!, "%acme%") || EF.Functions.ILike(c.Status, "%acme%")));

        Assert.Multiple(async () =>
        {
            Assert.That(expected, Is.GreaterThan(0));
            Assert.That(await CountAsync("search=ACME"), Is.EqualTo(expected));
            Assert.That(await CountAsync("search=acme"), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task DateFilters_FollowTheTimeZone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone).Date;
        var from = TimeZoneInfo.ConvertTimeToUtc(new DateTime(today.Year - 1, 1, 1), zone);
        var to = TimeZoneInfo.ConvertTimeToUtc(new DateTime(today.Year, 1, 1), zone);
        var expected = await _factory.WithDbAsync(db => db.Companies.CountAsync(c => c.CreatedAt >= from && c.CreatedAt < to));
        var filters = Uri.EscapeDataString(ForestApi.Filters(new { field = "created_at", @operator = "previous_year" }));

        Assert.That(await CountAsync($"filters={filters}&timezone=Pacific/Auckland"), Is.EqualTo(expected));
    }

    [Test]
    public async Task SelectAll_WithFilters_IsOneUpdate()
    {
        var filters = ForestApi.Filters(new { field = "headquarter", @operator = "equal", value = "Berlin" });
        var expected = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter == "Berlin").Select(c => c.Id).OrderBy(i => i).ToListAsync());
        _log.Clear();

        var response = await _admin.TriggerAsync("suspend", ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["filters"] = filters };
        }));
        var companyCommands = _log.Commands.Where(c => c.Contains("\"Companies\"", StringComparison.Ordinal)).ToList();
        var suspended = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter == "Berlin" && c.Status == "suspended").Select(c => c.Id).OrderBy(i => i).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.That(companyCommands, Has.Count.EqualTo(1), string.Join("\n---\n", companyCommands));
            Assert.That(companyCommands[0], Does.StartWith("UPDATE"));
            Assert.That(suspended, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Approvals_AndTheActivityLog_LiveInThePostgreSqlStore()
    {
        var manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");
        var held = await manager.TriggerAsync("suspend", ForestApi.Body("companies", ["5"]));
        var id = (await ForestApi.JsonAsync(held))["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();

        var approved = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", new StringContent("{}", Encoding.UTF8, "application/json"));
        var again = await _admin.Client.PostAsync($"/forest/approvals/{id}/approve", new StringContent("{}", Encoding.UTF8, "application/json"));
        var activity = await _factory.WithStoreAsync(store => store.Activity.Where(a => a.Action == "Suspend").Select(a => a.Kind).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
            Assert.That((int)again.StatusCode, Is.EqualTo(409));
            Assert.That(await _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 5).Select(c => c.Status).SingleAsync()), Is.EqualTo("suspended"));
            Assert.That(activity, Does.Contain("approval_request").And.Contain("approval").And.Contain("execution"));
        });
    }

    [Test]
    public async Task IncludedReferences_AndHealth_OnPostgreSql()
    {
        _log.Clear();
        var page = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/transactions?page[size]=50"));
        var statements = _log.Commands.Count;
        var health = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/health"));

        Assert.Multiple(() =>
        {
            Assert.That(page["data"]!.AsArray(), Has.Count.EqualTo(50));
            Assert.That(page["included"]!.AsArray(), Is.Not.Empty);
            Assert.That(statements, Is.EqualTo(1), "the page and its references in one statement");
            Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
        });
    }
}
