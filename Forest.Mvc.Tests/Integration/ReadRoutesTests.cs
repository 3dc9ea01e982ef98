using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>The list, count, record and related-data routes, serialised as JSON:API, with the selection's filter engine.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class ReadRoutesTests(string provider) : LiveDemoFixture(provider)
{

    private async Task<JsonObject> GetAsync(string path)
    {
        var response = await Api.Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ForestApi.JsonAsync(response);
    }

    [Test]
    public async Task List_PagesAndSorts()
    {
        var first = await GetAsync("/forest/companies?page[number]=1&page[size]=5&sort=-id");
        var second = await GetAsync("/forest/companies?page[number]=2&page[size]=5&sort=-id");
        var total = await Factory.WithDbAsync(db => db.Companies.CountAsync());

        var ids = first["data"]!.AsArray().Concat(second["data"]!.AsArray()).Select(r => int.Parse(r!["id"]!.GetValue<string>())).ToList();
        Assert.That(ids, Is.EqualTo(Enumerable.Range(total - 9, 10).Reverse()));
    }

    [Test]
    public async Task List_EachSortAndPage_MatchesTheDatabase()
    {
        // An unfiltered list runs a page query compiled once per sort: every sort and page must still agree.
        var byName = await Factory.WithDbAsync(db => db.Companies.OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        var byHeadquarter = await Factory.WithDbAsync(db => db.Companies.OrderByDescending(c => c.Headquarter).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        var total = await Factory.WithDbAsync(db => db.Companies.CountAsync());

        async Task<List<int>> PageAsync(string sort, int number) =>
            (await GetAsync($"/forest/companies?page[number]={number}&page[size]=7&sort={sort}"))["data"]!.AsArray().Select(r => int.Parse(r!["id"]!.GetValue<string>())).ToList();

        foreach (var number in new[] { 1, 3 })
        {
            Assert.That(await PageAsync("name", number), Is.EqualTo(byName.Skip((number - 1) * 7).Take(7)), $"name, page {number}");
            Assert.That(await PageAsync("-headquarter", number), Is.EqualTo(byHeadquarter.Skip((number - 1) * 7).Take(7)), $"-headquarter, page {number}");
        }

        Assert.That((await GetAsync("/forest/companies/count"))["count"]!.GetValue<int>(), Is.EqualTo(total));
    }

    [Test]
    public async Task List_SerialisesJsonApiResources()
    {
        var body = await GetAsync("/forest/transactions?page[size]=1&sort=id");

        var record = body["data"]![0]!;
        var entity = await Factory.WithDbAsync(db => db.Transactions.OrderBy(t => t.Id).FirstAsync());
        Assert.Multiple(() =>
        {
            Assert.That(record["type"]!.GetValue<string>(), Is.EqualTo("transactions"));
            Assert.That(record["id"]!.GetValue<string>(), Is.EqualTo(entity.Id.ToString()));
            Assert.That(record["attributes"]!["amount"]!.GetValue<long>(), Is.EqualTo(entity.Amount));
            Assert.That(record["attributes"]!["reference"]!.GetValue<string>(), Is.EqualTo(entity.Reference));
            Assert.That(record["attributes"]!.AsObject().ContainsKey("emitter_company_id"), Is.False, "foreign keys are shown as relationships");
            Assert.That(record["relationships"]!["emitter_company"]!["data"]!["id"]!.GetValue<string>(), Is.EqualTo(entity.EmitterCompanyId.ToString()));
            Assert.That(record["relationships"]!["emitter_company"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("companies"));
        });
    }

    [Test]
    public async Task Count_AppliesFiltersSearchAndSegment()
    {
        var filters = Uri.EscapeDataString(ForestApi.Filters(new { field = "industry", @operator = "equal", value = "Fintech" }));

        var filtered = await GetAsync($"/forest/companies/count?filters={filters}");
        var segment = await GetAsync("/forest/companies/count?segment=Live%20companies");
        var search = await GetAsync("/forest/companies/count?search=harbor");

        Assert.Multiple(async () =>
        {
            Assert.That(filtered["count"]!.GetValue<int>(), Is.EqualTo(await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Industry == "Fintech"))));
            Assert.That(segment["count"]!.GetValue<int>(), Is.EqualTo(await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "live"))));
            Assert.That(search["count"]!.GetValue<int>(), Is.EqualTo(await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Name.ToLower().Contains("harbor")))).And.GreaterThan(0));
        });
    }

    [Test]
    public async Task Record_ById_ForEveryKeyType()
    {
        var userId = await Factory.WithDbAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        var chargeResponse = await Api.TriggerAsync("charge-credit-card", ForestApi.Body("customers", ["1"], new JsonObject { ["amount"] = 5, ["description"] = "read test" }));
        Assert.That(chargeResponse.IsSuccessStatusCode, Is.True);
        var chargeId = await Factory.WithDbAsync(db => db.Charges.Select(c => c.Id).FirstAsync());

        Assert.Multiple(async () =>
        {
            Assert.That((await GetAsync("/forest/companies/7"))["data"]!["id"]!.GetValue<string>(), Is.EqualTo("7"));
            Assert.That((await GetAsync("/forest/transactions/9"))["data"]!["id"]!.GetValue<string>(), Is.EqualTo("9"));
            Assert.That((await GetAsync($"/forest/users/{userId}"))["data"]!["id"]!.GetValue<string>(), Is.EqualTo(userId.ToString()));
            Assert.That((await GetAsync($"/forest/charges/{chargeId}"))["data"]!["attributes"]!["description"]!.GetValue<string>(), Is.EqualTo("read test"));
        });
    }

    [Test]
    public async Task RelatedData_ListsAndCountsTheChildren()
    {
        var expected = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompanyId == 3).OrderBy(t => t.Id).Select(t => t.Id.ToString()).ToListAsync());

        var list = await GetAsync("/forest/companies/3/relationships/emitted_transactions?page[size]=100&sort=id");
        var count = await GetAsync("/forest/companies/3/relationships/emitted_transactions/count");

        Assert.That(list["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(expected));
        Assert.That(count["count"]!.GetValue<int>(), Is.EqualTo(expected.Count));
    }

    [Test]
    public async Task Healthcheck_IsPublic()
    {
        var response = await Factory.CreateClient().GetAsync("/forest/healthcheck");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [TestCase("%")]
    [TestCase("_")]
    [TestCase("\\")]
    public async Task Search_TakesWildcardsLiterally(string search)
    {
        var count = (await GetAsync("/forest/companies/count?search=" + Uri.EscapeDataString(search)))["count"]!.GetValue<int>();
        var literal = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Name.Contains(search) || c.Industry.Contains(search) || c.Status.Contains(search)
            || (c.Headquarter != null && c.Headquarter.Contains(search)) || (c.Description != null && c.Description.Contains(search))));

        Assert.That(count, Is.EqualTo(literal));
    }

    [Test]
    public async Task Search_IgnoresCase()
    {
        var lower = (await GetAsync("/forest/companies/count?search=acme"))["count"]!.GetValue<int>();
        var upper = (await GetAsync("/forest/companies/count?search=ACME"))["count"]!.GetValue<int>();

        Assert.That((lower, upper), Is.EqualTo((await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Name.ToLower().Contains("acme"))), lower)));
        Assert.That(lower, Is.Positive);
    }
}
