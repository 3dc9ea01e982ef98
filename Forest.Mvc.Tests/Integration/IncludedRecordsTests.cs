using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Integration;

/// <summary>
/// Lists and records carry their belongs-to records in <c>included</c> (one SQL query whatever the page size, within
/// the caller's scope), and honour <c>fields[…]</c> projections.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class IncludedRecordsTests(string provider) : SqlLoggedLiveDemo(provider)
{
    private static async Task<JsonObject> GetAsync(ForestApi api, string path)
    {
        var response = await api.Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ForestApi.JsonAsync(response);
    }

    private static string? RelatedId(JsonNode resource, string relation) => resource["relationships"]![relation]!["data"]?["id"]?.GetValue<string>();

    [Test]
    public async Task TransactionsPage_IncludesItsCompanies_InOneQuery_WhateverThePageSize()
    {
        var admin = await ForestApi.LoginAsync(Factory);
        var counts = new List<int>();
        JsonObject page = null!;
        foreach (var size in new[] { 10, 100 })
        {
            Log.Clear();
            page = await GetAsync(admin, $"/forest/transactions?page[size]={size}&sort=id");
            counts.Add(Log.Commands.Count);
        }

        var data = page["data"]!.AsArray();
        var included = page["included"]!.AsArray();
        var referenced = data.SelectMany(t => new[] { RelatedId(t!, "emitter_company"), RelatedId(t!, "beneficiary_company") }).OfType<string>().ToHashSet();
        var includedCompanies = included.Where(i => i!["type"]!.GetValue<string>() == "companies").ToList();
        var first = data[0]!;
        var emitter = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == long.Parse(first["id"]!.GetValue<string>())).Select(t => t.EmitterCompany!.Name).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(data, Has.Count.EqualTo(100));
            Assert.That(counts, Is.EqualTo(new[] { 1, 1 }), string.Join("\n---\n", Log.Commands));
            Assert.That(includedCompanies.Select(c => c!["id"]!.GetValue<string>()), Is.EquivalentTo(referenced), "each referenced company once");
            Assert.That(includedCompanies.Single(c => c!["id"]!.GetValue<string>() == RelatedId(first, "emitter_company"))!["attributes"]!["name"]!.GetValue<string>(), Is.EqualTo(emitter));
        });
    }

    [TestCase("fields[transactions]=amount,emitter_company&fields[emitter_company]=name")]
    [TestCase("fields[transactions]=amount&fields[transactions]=emitter_company&fields[emitter_company]=name")]
    public async Task FieldsProjections_ChooseTheAttributes_TheReferences_AndTheIncludedAttributes(string projection)
    {
        var admin = await ForestApi.LoginAsync(Factory);

        var page = await GetAsync(admin, $"/forest/transactions?page[size]=5&{projection}");
        var single = await GetAsync(admin, $"/forest/transactions/{page["data"]![0]!["id"]!.GetValue<string>()}?{projection}");

        foreach (var body in new[] { page, single })
        {
            var resource = body["data"] is JsonArray list ? list[0]! : body["data"]!;
            var company = body["included"]!.AsArray()[0]!;
            Assert.Multiple(() =>
            {
                Assert.That(resource["attributes"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "amount" }));
                Assert.That(resource["relationships"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "emitter_company" }));
                Assert.That(body["included"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()), Is.All.EqualTo("companies"));
                Assert.That(company["attributes"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name" }));
            });
        }
    }

    [Test]
    public async Task IncludedRecords_StayWithinTheCallersScope()
    {
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var outsideParis = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter != "Paris").Select(c => c.Id.ToString()).ToListAsync());

        var page = await GetAsync(accountant, "/forest/transactions?page[size]=100");

        var data = page["data"]!.AsArray();
        var beneficiaries = data.Select(t => RelatedId(t!, "beneficiary_company")).OfType<string>().ToList();
        var includedIds = page["included"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(beneficiaries.Intersect(outsideParis), Is.Not.Empty, "the seed must give transactions paid to companies outside Paris");
            Assert.That(includedIds, Is.Not.Empty);
            Assert.That(includedIds.Intersect(outsideParis), Is.Empty, "a company outside the accountant's scope is never included");
        });
    }
}

/// <summary><c>searchExtended=true</c> also searches the text fields of each reference, within the caller's scope.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class SearchExtendedTests(string provider) : SqlLoggedLiveDemo(provider)
{
    private async Task<int> CountAsync(ForestApi api, string search, bool extended)
    {
        var response = await api.Client.GetAsync($"/forest/transactions/count?search={Uri.EscapeDataString(search)}{(extended ? "&searchExtended=true" : "")}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ForestApi.JsonAsync(response))["count"]!.GetValue<int>();
    }

    [Test]
    public async Task SearchExtended_FindsTransactionsByTheirCompanysName_OnlyThroughCompaniesInScope()
    {
        var admin = await ForestApi.LoginAsync(Factory);
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var (londonName, expected) = await Factory.WithDbAsync(async db =>
        {
            var company = await db.Transactions
                .Where(t => t.EmitterCompany!.Headquarter == "Paris" && t.BeneficiaryCompany!.Headquarter != "Paris")
                .Select(t => t.BeneficiaryCompany!).FirstAsync();
            var count = await db.Transactions.CountAsync(t => t.EmitterCompany!.Name.Contains(company.Name) || t.BeneficiaryCompany!.Name.Contains(company.Name));
            return (company.Name, count);
        });

        var plain = await CountAsync(admin, londonName, extended: false);
        var extended = await CountAsync(admin, londonName, extended: true);
        var scoped = await CountAsync(accountant, londonName, extended: true);

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.Zero, "a company's name is not a field of its transactions");
            Assert.That(extended, Is.EqualTo(expected));
            Assert.That(scoped, Is.Zero, "the accountant does not find transactions through a company outside Paris");
        });
    }
}
