using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>Conditions, scopes, visibility and enablement, the state route, the management API and the activity log.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class AccessRulesTests(string provider)
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _admin = null!;
    private ForestApi _accountant = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _factory = LiveDemoFactory.For(provider);
        _admin = await ForestApi.LoginAsync(_factory, "admin@forest.demo");
        _accountant = await ForestApi.LoginAsync(_factory, "accountant@forest.demo");
    }

    [TearDown]
    public void Stop() => _factory?.Dispose();

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Test]
    public async Task TriggerCondition_EverySelectedRecordMustMatch()
    {
        var ids = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 2, amount: 50));
        await _factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, "validated")));

        var mixed = await _accountant.TriggerAsync("validate", ForestApi.Body("transactions", ids.Select(i => i.ToString())));
        var matching = await _accountant.TriggerAsync("validate", ForestApi.Body("transactions", [ids[0].ToString()]));

        Assert.That((await ForestApi.ErrorAsync(mixed)).Name, Is.EqualTo("CustomActionTriggerForbiddenError"));
        Assert.That(matching.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task ApprovalCondition_OnlyAboveTheThreshold_AndApproveCondition_LimitsApprovers()
    {
        var small = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 1, amount: 900));
        var medium = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 1, amount: 2000));
        var huge = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 1, amount: 7000));
        var colleague = await CreateAccountantAsync("colleague@forest.demo");
        JsonObject Refund(long amount) => new() { ["Reason"] = "Fraudulent", ["Amount"] = amount };

        var direct = await _accountant.TriggerAsync("refund", ForestApi.Body("transactions", [small[0].ToString()], Refund(900)));
        var needsApproval = await _accountant.TriggerAsync("refund", ForestApi.Body("transactions", [medium[0].ToString()], Refund(2000)));
        var tooBig = await _accountant.TriggerAsync("refund", ForestApi.Body("transactions", [huge[0].ToString()], Refund(7000)));
        string Id(JsonObject body) => body["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();
        var mediumId = Id(await ForestApi.JsonAsync(needsApproval));
        var hugeId = Id(await ForestApi.JsonAsync(tooBig));

        var self = await _accountant.Client.PostAsync($"/forest/approvals/{mediumId}/approve", Json(new JsonObject()));
        var byColleague = await colleague.Client.PostAsync($"/forest/approvals/{mediumId}/approve", Json(new JsonObject()));
        var hugeByColleague = await colleague.Client.PostAsync($"/forest/approvals/{hugeId}/approve", Json(new JsonObject()));

        Assert.Multiple(async () =>
        {
            Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.OK), "under 1000 no approval is needed");
            Assert.That((await ForestApi.ErrorAsync(self)).Detail, Is.EqualTo("You don't have permission to approve your own request."));
            Assert.That(await byColleague.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"2000 refunded.\"}"));
            Assert.That((await ForestApi.ErrorAsync(hugeByColleague)).Name, Is.EqualTo("ApprovalNotAllowedError"), "accountants approve refunds under 5000 only");
        });
    }

    [Test]
    public async Task UnverifiableCondition_Is422()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Forest.Mvc.Storage.ForestStoreContext>();
            await store.Permissions.Where(p => p.Action == "Validate").ExecuteUpdateAsync(s => s.SetProperty(p => p.TriggerCondition, "{\"field\":\"colour\",\"operator\":\"equal\",\"value\":\"red\"}"));
            await scope.ServiceProvider.GetRequiredService<Forest.Mvc.Permissions.ForestRules>().BumpAsync(store, default); // a change made outside the management API
        }

        var ids = await _factory.WithDbAsync(db => PermissionMatrixTests.ParisTransactionsAsync(db, 1, amount: 5));
        var response = await _accountant.TriggerAsync("validate", ForestApi.Body("transactions", [ids[0].ToString()]));

        var error = await ForestApi.ErrorAsync(response);
        Assert.That((error.Status, error.Name), Is.EqualTo((422, "InvalidActionConditionError")));
    }

    [Test]
    public async Task Scope_LimitsListsRecordsAndTargets()
    {
        var paris = await _factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Headquarter == "Paris"));
        var outside = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter != "Paris").Select(c => c.Id).FirstAsync());
        var outsideTransaction = await _factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompany!.Headquarter != "Paris" && t.Status == "to_validate").Select(t => t.Id).FirstAsync());

        var count = await ForestApi.JsonAsync(await _accountant.Client.GetAsync("/forest/companies/count"));
        var list = await ForestApi.JsonAsync(await _accountant.Client.GetAsync("/forest/companies?page[size]=100"));
        var record = await _accountant.Client.GetAsync($"/forest/companies/{outside}");
        var target = await _accountant.TriggerAsync("validate", ForestApi.Body("transactions", [outsideTransaction.ToString()]));

        Assert.Multiple(async () =>
        {
            Assert.That(count["count"]!.GetValue<int>(), Is.EqualTo(paris));
            Assert.That(list["data"]!.AsArray().Select(c => c!["attributes"]!["headquarter"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "Paris" }));
            Assert.That(record.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await ForestApi.ErrorAsync(target)).Detail, Does.Contain("out of scope"));
            Assert.That((await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/companies/count")))["count"]!.GetValue<int>(), Is.GreaterThan(paris), "admins have no scope");
        });
    }

    [Test]
    public async Task Scope_IsIntersectedWithSelectAll()
    {
        var inScope = await _factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompany!.Headquarter == "Paris" && t.Status == "to_validate"));
        var outOfScope = await _factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompany!.Headquarter != "Paris" && t.Status == "to_validate"));

        var response = await _accountant.TriggerAsync("validate", ForestApi.Body("transactions", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["filters"] = "{\"field\":\"status\",\"operator\":\"equal\",\"value\":\"to_validate\"}" };
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(await _factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompany!.Headquarter == "Paris" && t.Status == "to_validate")), Is.Zero);
        Assert.That(await _factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompany!.Headquarter != "Paris" && t.Status == "to_validate")), Is.EqualTo(outOfScope));
        Assert.That(inScope, Is.GreaterThan(0));
    }

    [Test]
    public async Task EnableRule_InCode_RefusesLiveCompanies_AndTheStateRouteSaysWhy()
    {
        var live = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "live").Select(c => c.Id).FirstAsync());
        var support = await ForestApi.LoginAsync(_factory, "support@forest.demo");

        var state = await ForestApi.JsonAsync(await support.Client.PostAsync("/forest/companies/actions", Json(ForestApi.Body("companies", [live.ToString()]))));

        var actions = state["actions"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(actions["Mark as Live"]!["visible"]!.GetValue<bool>(), Is.True);
            Assert.That(actions["Mark as Live"]!["enabled"]!.GetValue<bool>(), Is.False);
            Assert.That(actions["Mark as Live"]!["disabledReason"]!.GetValue<string>(), Is.EqualTo("The company was already live!"));
            Assert.That(actions["Suspend"]!["visible"]!.GetValue<bool>(), Is.False, "support may not suspend");
        });
    }

    [Test]
    public async Task StateRoute_TellsTheManagerThatSuspendNeedsApproval()
    {
        var manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");

        var state = await ForestApi.JsonAsync(await manager.Client.PostAsync("/forest/companies/actions", Json(ForestApi.Body("companies", ["3"]))));

        var suspend = state["actions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Suspend")!;
        Assert.That((suspend["visible"]!.GetValue<bool>(), suspend["enabled"]!.GetValue<bool>(), suspend["requiresApproval"]!.GetValue<bool>()), Is.EqualTo((true, true, true)));
    }

    [Test]
    public async Task StoredSettings_HideAnAction_OrEnableItOnlyForSomeRecords()
    {
        var hide = await _admin.Client.PutAsync("/forest/management/settings/companies/Notify%20CRM", Json(new JsonObject { ["visible"] = false }));
        var condition = await _admin.Client.PutAsync("/forest/management/settings/companies/Return%20and%20track", Json(new JsonObject
        {
            ["enableCondition"] = new JsonObject { ["field"] = "status", ["operator"] = "equal", ["value"] = "live" },
            ["disabledReason"] = "Only live companies ship parcels.",
        }));
        var pending = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending").Select(c => c.Id).FirstAsync());
        var live = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "live").Select(c => c.Id).FirstAsync());

        var hidden = await _admin.TriggerAsync("notify-crm", ForestApi.Body("companies", ["1"]));
        var disabled = await _admin.TriggerAsync("return-and-track", ForestApi.Body("companies", [pending.ToString()]));
        var enabled = await _admin.TriggerAsync("return-and-track", ForestApi.Body("companies", [live.ToString()]));

        Assert.Multiple(async () =>
        {
            Assert.That(hide.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(condition.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ForestApi.ErrorAsync(hidden)).Detail, Does.Contain("hidden"));
            Assert.That(await disabled.Content.ReadAsStringAsync(), Is.EqualTo("{\"error\":\"Only live companies ship parcels.\"}"));
            Assert.That(enabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task ManagementApi_IsForAdministratorsOnly_AndChecksWhatItStores()
    {
        var viewer = await ForestApi.LoginAsync(_factory, "viewer@forest.demo");

        var forbidden = await viewer.Client.GetAsync("/forest/management/roles");
        var badCondition = await _admin.Client.PutAsync("/forest/management/roles/1/permissions", Json(new JsonArray(new JsonObject
        {
            ["collection"] = "companies",
            ["action"] = "Suspend",
            ["trigger"] = "trigger",
            ["triggerCondition"] = new JsonObject { ["field"] = "colour", ["operator"] = "equal", ["value"] = "red" },
        })));
        var badAction = await _admin.Client.PutAsync("/forest/management/roles/1/permissions", Json(new JsonArray(new JsonObject { ["collection"] = "companies", ["action"] = "Fly", ["trigger"] = "trigger" })));
        var badLevel = await _admin.Client.PutAsync("/forest/management/roles/1/permissions", Json(new JsonArray(new JsonObject { ["collection"] = "companies", ["action"] = "Suspend", ["trigger"] = "always" })));

        Assert.Multiple(async () =>
        {
            Assert.That((await ForestApi.ErrorAsync(forbidden)).Status, Is.EqualTo(403));
            Assert.That((await ForestApi.ErrorAsync(badCondition)).Detail, Does.Contain("permissions[0].triggerCondition").And.Contain("'colour' does not exist"));
            Assert.That((await ForestApi.ErrorAsync(badAction)).Detail, Is.EqualTo("permissions[0].action: 'Fly' is not an action of 'companies'."));
            Assert.That((await ForestApi.ErrorAsync(badLevel)).Detail, Is.EqualTo("permissions[0].trigger must be none, trigger or approval."));
        });
    }

    [Test]
    public async Task RoleChangedByAnAdmin_EndsTheOldSession_AndAppliesAtTheNextLogin()
    {
        var viewer = await ForestApi.LoginAsync(_factory, "viewer@forest.demo");
        var viewerId = (await _admin.Client.GetFromJsonNodeAsync("/forest/management/users")).AsArray().Single(u => u!["email"]!.GetValue<string>() == "viewer@forest.demo")!["id"]!.GetValue<int>();
        var before = await viewer.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["3"]));

        await _admin.Client.PutAsync($"/forest/management/users/{viewerId}", Json(new JsonObject { ["role"] = "Support" }));
        var oldToken = await viewer.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["3"]));
        var after = await (await ForestApi.LoginAsync(_factory, "viewer@forest.demo")).TriggerAsync("mark-as-live", ForestApi.Body("companies", ["3"]));

        Assert.That((int)before.StatusCode, Is.EqualTo(403));
        Assert.That((int)oldToken.StatusCode, Is.EqualTo(401), "a role change ends the user's sessions");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), await after.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ActivityLog_RecordsTriggersAndDenials_WithRedactedValues()
    {
        var viewer = await ForestApi.LoginAsync(_factory, "viewer@forest.demo");
        await viewer.TriggerAsync("suspend", ForestApi.Body("companies", ["1"]));
        await _admin.TriggerAsync("schedule-audit", ForestApi.Body("companies", ["1"], new JsonObject
        {
            ["Auditor"] = "Grace",
            ["Audit date"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"),
            ["Scope"] = new JsonArray("Finance"),
            ["Door code"] = "4521",
        }));

        var denied = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/activity?kind=denied&user=viewer@forest.demo"));
        var triggers = await ForestApi.JsonAsync(await _admin.Client.GetAsync("/forest/activity?kind=trigger&action=Schedule%20audit"));
        var forbidden = await viewer.Client.GetAsync("/forest/activity");

        Assert.Multiple(async () =>
        {
            Assert.That(denied["data"]![0]!["outcome"]!.GetValue<string>(), Does.StartWith("CustomActionTriggerForbiddenError"));
            var line = triggers["data"]![0]!;
            Assert.That(line["status"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(line["recordIds"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "1" }));
            Assert.That(line["values"]!["Door code"]!.GetValue<string>(), Is.EqualTo("***"));
            Assert.That(line["values"]!["Auditor"]!.GetValue<string>(), Is.EqualTo("Grace"));
            Assert.That(line["durationMs"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That((await ForestApi.ErrorAsync(forbidden)).Status, Is.EqualTo(403));
        });
    }

    [Test]
    public async Task DevelopmentEnvironment_EnforcesNoPermission()
    {
        await using var development = LiveDemoFactory.For(provider, ("Forest:Environment", "Development"));
        var viewer = await ForestApi.LoginAsync(development, "viewer@forest.demo");
        var manager = await ForestApi.LoginAsync(development, "manager@forest.demo");

        var suspend = await viewer.TriggerAsync("suspend", ForestApi.Body("companies", ["3"]));
        var noApproval = await manager.TriggerAsync("suspend", ForestApi.Body("companies", ["4"]));

        Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(noApproval.StatusCode, Is.EqualTo(HttpStatusCode.OK), "approval is never required in development");
    }

    private async Task<ForestApi> CreateAccountantAsync(string email)
    {
        var created = await _admin.Client.PostAsync("/forest/management/users", Json(new JsonObject
        {
            ["email"] = email,
            ["password"] = "livedemo-colleague",
            ["firstName"] = "Col",
            ["lastName"] = "League",
            ["role"] = "Accountant",
            ["team"] = "Finance",
            ["tags"] = new JsonObject { ["city"] = "Paris" },
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return new ForestApi(await Forest.Mvc.Testing.ForestTestClient.LoginAsync(_factory.CreateClient(), email, "livedemo-colleague"));
    }
}

internal static class HttpClientJsonExtensions
{
    public static async Task<JsonNode> GetFromJsonNodeAsync(this HttpClient client, string path) =>
        JsonNode.Parse(await (await client.GetAsync(path)).Content.ReadAsStringAsync())!;
}
