using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Storage;

/// <summary>
/// The Live Demo started on a store made by Forest.Mvc 0.1.0 (no migrations history; files under Data/Legacy):
/// the store is brought under migrations and keeps its users, roles, approvals and activity.
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("PostgreSql")]
public sealed class StoreUpgradeTests(string provider)
{
    private LiveDemoFactory _demo = null!;

    [OneTimeSetUp]
    public async Task StartOnTheLegacyStore()
    {
        if (provider == "Sqlite")
        {
            _demo = new LiveDemoFactory();
            await StoreDatabase.RestoreLegacyAsync(provider, Path.Combine(_demo.Directory, "forest-store.db"), null);
        }
        else
        {
            var name = "forest_u_" + Guid.NewGuid().ToString("N")[..12];
            _demo = PostgreSqlServer.LiveDemo(shared: name);
            await StoreDatabase.RestoreLegacyAsync(provider, name + "_store", PostgreSqlServer.Require());
        }

        _ = _demo.Server; // starts: migrates the store
    }

    [OneTimeTearDown]
    public void Stop() => _demo.Dispose();

    [Test]
    public async Task TheStore_IsUnderMigrations_WithEveryMigrationApplied()
    {
        var (applied, all) = await _demo.WithStoreAsync(async store =>
            ((await store.Database.GetAppliedMigrationsAsync()).ToList(), store.Database.GetMigrations().ToList()));

        Assert.That(applied, Is.EqualTo(all));
        Assert.That(all, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task AUserCreatedOn010_LogsInWithTheirPassword_AndTheirRoleIsKept()
    {
        using var client = _demo.CreateClient();

        var login = await client.PostAsJsonAsync("/forest/authentication", new { email = "legacy@forest.demo", password = "legacy-password-1" });
        var admin = await ForestApi.LoginAsync(_demo);
        var roles = JsonNode.Parse(await admin.Client.GetStringAsync("/forest/management/roles"))!;

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        Assert.That(roles.AsArray().Select(r => r!["name"]!.GetValue<string>()), Does.Contain("Auditor"));
    }

    [Test]
    public async Task TheApprovalRequestedOn010_IsKeptWithItsRequesterAndRecords()
    {
        var admin = await ForestApi.LoginAsync(_demo);
        var id = await _demo.WithStoreAsync(store => store.Approvals.Where(a => a.Action == "Suspend" && a.RequesterEmail == "manager@forest.demo" && a.RecordIds == "[\"5\"]").Select(a => a.Id).SingleAsync());

        var approval = (await ForestApi.JsonAsync(await admin.Client.GetAsync($"/forest/approvals/{id}")))["data"]!;

        Assert.That(approval["collection"]!.GetValue<string>(), Is.EqualTo("companies"));
        Assert.That(approval["recordIds"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "5" }));
        Assert.That(approval["status"]!.GetValue<string>(), Is.AnyOf("pending", "expired"), "pending until seven days after 2026-12-02, then expired");
    }

    [Test]
    public async Task TheActivityOf010_IsKept_AndNewLinesCarryTheNewColumn()
    {
        var admin = await ForestApi.LoginAsync(_demo);
        var trigger = await admin.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["4"]));

        var log = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/activity?action=Mark%20as%20Live&page[size]=100"));
        var lines = log["data"]!.AsArray().Select(l => l!.AsObject()).ToList();

        Assert.That((int)trigger.StatusCode, Is.EqualTo(200).Or.EqualTo(400), "company 4 may be live already; either way the call is logged");
        Assert.That(lines.Any(l => l["user"]!["email"]?.GetValue<string>() == "admin@forest.demo" && l["recordIds"]!.ToJsonString().Contains("\"3\"", StringComparison.Ordinal)), Is.True, "the 0.1.0 line (company 3)");
        Assert.That(lines.Any(l => l["recordIds"]!.ToJsonString().Contains("\"4\"", StringComparison.Ordinal) && l.ContainsKey("traceId")), Is.True, "the new line");
    }

    [Test]
    public async Task AnApprovalRequestedAfterTheUpgrade_IsApprovedAndRun()
    {
        var manager = await ForestApi.LoginAsync(_demo, "manager@forest.demo");
        var admin = await ForestApi.LoginAsync(_demo);
        var refused = await ForestApi.JsonAsync(await manager.TriggerAsync("suspend", ForestApi.Body("companies", ["6"])));
        var id = refused["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();

        var approve = await admin.Client.PostAsync($"/forest/approvals/{id}/approve", JsonContent.Create(new JsonObject { ["message"] = "ok" }));

        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approve.Content.ReadAsStringAsync());
        Assert.That(await _demo.WithDbAsync(db => db.Companies.Where(c => c.Id == 6).Select(c => c.Status).SingleAsync()), Is.EqualTo(CompanyStatus.Suspended));
    }
}
