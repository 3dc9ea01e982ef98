using System.Net;
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
}
