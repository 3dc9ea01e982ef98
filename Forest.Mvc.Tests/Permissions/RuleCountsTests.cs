using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>
/// Every count the checks of an action call need (the ids exist within the caller's scope, the trigger condition,
/// the enable rule) is read in one SQL query, and each check still answers with its own error.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class RuleCountsTests(string provider) : SqlLoggedLiveDemo(provider)
{
    private Task<long> ParisTransactionAsync(string status) => Factory.WithDbAsync(async db =>
    {
        var id = await db.Transactions.Where(t => t.EmitterCompany!.Headquarter == "Paris").OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        await db.Transactions.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status));
        return id;
    });

    [Test]
    public async Task ScopedCondition_RefusedWithOneQuery_ThatChecksScopeExistenceAndCondition()
    {
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var validated = await ParisTransactionAsync("validated");
        Log.Clear();

        var response = await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [validated.ToString()]));

        var error = await ForestApi.ErrorAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((error.Status, error.Name), Is.EqualTo((403, "CustomActionTriggerForbiddenError")));
            Assert.That(Log.Commands, Has.Count.EqualTo(1), string.Join("\n---\n", Log.Commands));
            // Npgsql writes the conditional counts as count(*) FILTER (WHERE …); SQLite as COUNT(CASE WHEN …).
            Assert.That(Log.Commands[0], Does.Contain("count(*)").IgnoreCase.And.Contain(Provider == LiveDemoFactory.PostgreSql ? "count(*) FILTER (WHERE" : "COUNT(CASE").And.Contain("\"Headquarter\""));
        });
    }

    [Test]
    public async Task EnableRule_RefusedWithOneQuery()
    {
        var admin = await ForestApi.LoginAsync(Factory, "admin@forest.demo");
        var live = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Live).Select(c => c.Id).FirstAsync());
        Log.Clear();

        var response = await admin.TriggerAsync("mark-as-live", ForestApi.Body("companies", [live.ToString()]));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"error\":\"The company was already live!\"}"));
            Assert.That(Log.Commands, Has.Count.EqualTo(1), string.Join("\n---\n", Log.Commands));
        });
    }

    [Test]
    public async Task TheSameQuery_StillTellsMissingIds_AndOutOfScopeIds_Apart()
    {
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var toValidate = await ParisTransactionAsync("to_validate");
        var elsewhere = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompany!.Headquarter != "Paris").Select(t => t.Id).FirstAsync());

        var missing = await ForestApi.ErrorAsync(await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [toValidate.ToString(), "999999"])));
        var outOfScope = await ForestApi.ErrorAsync(await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [elsewhere.ToString()])));
        var status = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == toValidate).Select(t => t.Status).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That((missing.Status, missing.Detail), Is.EqualTo((404, "No record with id '999999' in the collection 'transactions'.")));
            Assert.That(outOfScope.Status, Is.EqualTo(400));
            Assert.That(outOfScope.Detail, Does.Contain("out of scope"));
            Assert.That(status, Is.EqualTo("to_validate"), "nothing ran");
        });
    }

    [Test]
    public async Task TheCountCompiledOnce_TakesTheValuesOfEachCall()
    {
        // The scope holds {{currentUser.tags.city}}: the same compiled query must see the accountant's new city.
        var admin = await ForestApi.LoginAsync(Factory);
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var validated = (await ParisTransactionAsync("validated")).ToString();
        var elsewhere = await Factory.WithDbAsync(db => db.Transactions
            .Where(t => t.EmitterCompany!.Headquarter != "Paris" && t.EmitterCompany.Headquarter != null)
            .Select(t => new { t.Id, City = t.EmitterCompany!.Headquarter! }).FirstAsync());
        var users = (await admin.Client.GetFromJsonAsync<JsonArray>("/forest/management/users"))!;
        var id = users.Single(u => u!["email"]!.GetValue<string>() == "accountant@forest.demo")!["id"]!.GetValue<int>();
        async Task MoveToAsync(string city) => Assert.That(
            (int)(await admin.Client.PutAsJsonAsync($"/forest/management/users/{id}", new { tags = new { city } })).StatusCode, Is.EqualTo(200));

        var inParis = await ForestApi.ErrorAsync(await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [validated])));
        var notYetInScope = await ForestApi.ErrorAsync(await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [elsewhere.Id.ToString()])));
        await MoveToAsync(elsewhere.City);
        try
        {
            var parisNowOutOfScope = await ForestApi.ErrorAsync(await accountant.TriggerAsync("validate", ForestApi.Body("transactions", [validated])));
            Assert.Multiple(() =>
            {
                Assert.That(inParis.Status, Is.EqualTo(403), "in scope, the trigger condition refuses");
                Assert.That((notYetInScope.Status, parisNowOutOfScope.Status), Is.EqualTo((400, 400)), "out of scope, for the city of each call");
                Assert.That(parisNowOutOfScope.Detail, Does.Contain("out of scope"));
            });
        }
        finally
        {
            await MoveToAsync("Paris");
        }
    }
}
