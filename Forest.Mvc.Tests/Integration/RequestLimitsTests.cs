using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>
/// Requests sized to hurt: huge condition trees, exclusion lists and <c>in</c> lists get a 400 naming the limit
/// (never a 500, never a dead process), and everything under the limits translates to SQL and runs.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class RequestLimitsTests(string provider) : LiveDemoFixture(provider)
{
    private static JsonObject Leaf(string field, string op, JsonNode? value) =>
        new() { ["field"] = field, ["operator"] = op, ["value"] = value };

    private static JsonObject FlatOr(IEnumerable<JsonObject> leaves) =>
        new() { ["aggregator"] = "or", ["conditions"] = new JsonArray([.. leaves]) };

    private static JsonObject SelectAll(JsonObject filters, IEnumerable<string>? excluded = null) =>
        ForestApi.Body("companies", more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["filters"] = filters.ToJsonString() };
            a["all_records_ids_excluded"] = new JsonArray([.. (excluded ?? []).Select(id => (JsonNode)id)]);
        });

    private Task<List<int>> SuspendedAsync() =>
        Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "suspended").Select(c => c.Id).OrderBy(id => id).ToListAsync());

    private static async Task ExpectValidationErrorAsync(HttpResponseMessage response, params string[] parts)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(400), body);
        var error = await ForestApi.ErrorAsync(response);
        Assert.That(error.Name, Is.EqualTo("ValidationError"));
        foreach (var part in parts)
        {
            Assert.That(error.Detail, Does.Contain(part));
        }
    }

    [Test]
    public async Task SelectAll_WithTwentyThousandConditions_Is400_AndTheServerStillAnswers()
    {
        var before = await SuspendedAsync();
        var filters = FlatOr(Enumerable.Range(0, 20_000).Select(_ => Leaf("id", "equal", -1)));

        var action = await Api.TriggerAsync("suspend", SelectAll(filters));
        var state = await Api.PostRawAsync("/forest/companies/actions", SelectAll(filters).ToJsonString());

        await ExpectValidationErrorAsync(action, "more than 200 conditions", "Forest:MaxFilterConditions");
        await ExpectValidationErrorAsync(state, "more than 200 conditions");
        Assert.That((await Api.Client.GetAsync("/forest/healthcheck")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Api.Client.GetAsync("/forest/companies/count")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SuspendedAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ScopedAccountant_TwentyThousandConditions_OnTheTransactionsStateRoute_Is400()
    {
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var filters = FlatOr(Enumerable.Range(0, 20_000).Select(_ => Leaf("id", "equal", -1)));
        var body = ForestApi.Body("transactions", more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["filters"] = filters.ToJsonString() };
        });

        var state = await accountant.PostRawAsync("/forest/transactions/actions", body.ToJsonString());
        var action = await accountant.TriggerAsync("validate", body);

        await ExpectValidationErrorAsync(state, "more than 200 conditions");
        await ExpectValidationErrorAsync(action, "more than 200 conditions");
        Assert.That((await accountant.Client.GetAsync("/forest/transactions/count")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ListFilter_OverTheConditionLimit_Is400()
    {
        var filters = FlatOr(Enumerable.Range(0, 201).Select(i => Leaf("id", "equal", i)));

        var response = await Api.Client.GetAsync("/forest/companies/count?filters=" + Uri.EscapeDataString(filters.ToJsonString()));

        await ExpectValidationErrorAsync(response, "more than 200 conditions");
    }

    [Test]
    public async Task SelectAll_WithTwoHundredConditions_TranslatesAndRuns()
    {
        var leaves = Enumerable.Range(1, 199).Select(i => Leaf("id", "equal", -i)).Append(Leaf("id", "equal", 3)).ToList();

        var response = await Api.TriggerAsync("suspend", SelectAll(FlatOr(leaves)));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That(await SuspendedAsync(), Does.Contain(3));
        Assert.That(await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "suspended" && c.Id < 0)), Is.Zero);
    }

    [Test]
    public async Task ExcludedIds_OverTheLimit_Is400_NamingIt()
    {
        var before = await SuspendedAsync();
        var excluded = Enumerable.Range(100_000, 40_000).Select(i => i.ToString());

        var response = await Api.TriggerAsync("suspend", SelectAll(FlatOr([Leaf("id", "less_than", 6)]), excluded));

        await ExpectValidationErrorAsync(response, "40000", "at most 10000", "Forest:MaxExcludedIds");
        Assert.That(await SuspendedAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ExcludedIds_UnderTheLimit_AreSentAsOneParameter()
    {
        var excluded = Enumerable.Range(100_000, 9_999).Select(i => i.ToString()).Append("44").ToList();
        var filters = new JsonObject
        {
            ["aggregator"] = "and",
            ["conditions"] = new JsonArray(Leaf("id", "greater_than", 40), Leaf("id", "less_than", 46)),
        };

        var response = await Api.TriggerAsync("suspend", SelectAll(filters, excluded));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Does.StartWith("4 companies suspended"));
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id > 40 && c.Id < 46 && c.Status == "suspended").Select(c => c.Id).OrderBy(i => i).ToListAsync()), Is.EqualTo(new[] { 41, 42, 43, 45 }));
    }

    [Test]
    public async Task InOperator_OverTheLimit_Is400_NamingIt()
    {
        var values = new JsonArray([.. Enumerable.Range(0, 50_000).Select(i => (JsonNode)i)]);

        var response = await Api.TriggerAsync("suspend", SelectAll(FlatOr([Leaf("id", "in", values)])));

        await ExpectValidationErrorAsync(response, "more than 1000 values", "Forest:MaxFilterValues");
    }

    [Test]
    public async Task InOperator_WithAThousandValues_Translates()
    {
        var values = new JsonArray([.. Enumerable.Range(-995, 1_000).Select(i => (JsonNode)i)]);
        var filters = new JsonObject { ["field"] = "id", ["operator"] = "in", ["value"] = values };

        var response = await Api.Client.GetAsync("/forest/companies/count?filters=" + Uri.EscapeDataString(filters.ToJsonString()));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.JsonAsync(response))["count"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [Test]
    public async Task SameIdWrittenTwoWays_IsOneRecord()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", ["7", "07"]));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Does.StartWith("1 company suspended"));
    }

    [Test]
    public async Task TooManyIds_Is400_NamingTheLimit()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", Enumerable.Range(1, 10_001).Select(i => i.ToString())));

        await ExpectValidationErrorAsync(response, "10001 ids", "Forest:MaxIdsPerRequest");
    }

    [Test]
    public async Task UndeclaredValue_Is400_NamingTheKey_AndStoresNothing()
    {
        var entries = await Factory.WithStoreAsync(store => store.Activity.CountAsync());
        var values = new JsonObject { ["junk"] = new string('J', 1_000_000) };

        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["30"], values));

        var errors = await ForestApi.FieldErrorsAsync(response);
        Assert.That(errors.Keys, Is.EqualTo(new[] { "junk" }));
        Assert.That(await Factory.WithStoreAsync(store => store.Activity.Where(a => a.Values != null && a.Values.Length > 10_000).CountAsync()), Is.Zero);
        Assert.That(await Factory.WithStoreAsync(store => store.Activity.CountAsync()), Is.LessThanOrEqualTo(entries + 1), "at most the denial line");
    }

    [Test]
    public async Task LongDeclaredValue_IsCutInTheActivityLog()
    {
        var transaction = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Status != "refunded").OrderBy(t => t.Id).Select(t => new { t.Id, t.Amount }).FirstAsync());
        var details = new string('D', 100_000);
        var values = new JsonObject { ["Reason"] = "Other", ["Details"] = details, ["Amount"] = 1 };

        var response = await Api.TriggerAsync("refund", ForestApi.Body("transactions", [transaction.Id.ToString()], values));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        var kept = await Factory.WithStoreAsync(store => store.Activity.Where(a => a.Action == "Refund").OrderByDescending(a => a.Id).Select(a => a.Values).FirstAsync());
        Assert.That(kept!.Length, Is.LessThan(2_000));
        Assert.That(kept, Does.Contain("cut: 100000 characters"));
    }
}
