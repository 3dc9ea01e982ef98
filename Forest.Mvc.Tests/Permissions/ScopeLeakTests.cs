using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>
/// A scope holds through relations: the accountant, scoped to Paris companies, cannot learn anything of another
/// company by filtering users on <c>company:…</c>, nor list or act on the related data of such a company.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class ScopeLeakTests(string provider)
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _accountant = null!;
    private (int Id, string Name, string City) _outside;
    private (int Id, string Name, string City) _paris;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = LiveDemoFactory.For(provider);
        _accountant = await ForestApi.LoginAsync(_factory, "accountant@forest.demo");
        var companies = await _factory.WithDbAsync(db => db.Companies
            .Where(c => c.Headquarter != null && db.Users.Any(u => u.CompanyId == c.Id) && db.Transactions.Any(t => t.EmitterCompanyId == c.Id))
            .Select(c => new { c.Id, c.Name, City = c.Headquarter! }).ToListAsync());
        var outside = companies.First(c => c.City != "Paris");
        var paris = companies.First(c => c.City == "Paris");
        (_outside, _paris) = ((outside.Id, outside.Name, outside.City), (paris.Id, paris.Name, paris.City));
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    private static string CompanyFilter(string name, string city) => Uri.EscapeDataString(new JsonObject
    {
        ["aggregator"] = "and",
        ["conditions"] = new JsonArray(
            new JsonObject { ["field"] = "company:name", ["operator"] = "equal", ["value"] = name },
            new JsonObject { ["field"] = "company:headquarter", ["operator"] = "equal", ["value"] = city }),
    }.ToJsonString());

    private async Task<int> CountAsync(string path)
    {
        var response = await _accountant.Client.GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return (await ForestApi.JsonAsync(response))["count"]!.GetValue<int>();
    }

    [Test]
    public async Task FilterThroughARelation_MatchesNothingOutsideTheScope()
    {
        var outsideUsers = await _factory.WithDbAsync(db => db.Users.CountAsync(u => u.CompanyId == _outside.Id));
        var parisUsers = await _factory.WithDbAsync(db => db.Users.CountAsync(u => u.Company!.Name == _paris.Name && u.Company.Headquarter == "Paris"));
        Assert.That(outsideUsers, Is.Positive, "the probe company has users");

        Assert.That(await CountAsync("/forest/users/count?filters=" + CompanyFilter(_outside.Name, _outside.City)), Is.Zero);
        Assert.That(await CountAsync("/forest/users/count?filters=" + CompanyFilter(_paris.Name, _paris.City)), Is.EqualTo(parisUsers));

        var list = await _accountant.Client.GetAsync("/forest/users?filters=" + CompanyFilter(_outside.Name, _outside.City));
        Assert.That((await ForestApi.JsonAsync(list))["data"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task NegatedFilterThroughARelation_MatchesNothingOutsideTheScope()
    {
        var filter = Uri.EscapeDataString(new JsonObject { ["field"] = "company:headquarter", ["operator"] = "not_equal", ["value"] = "Paris" }.ToJsonString());

        Assert.That(await CountAsync("/forest/users/count?filters=" + filter), Is.Zero);
    }

    [TestCase("/forest/companies/{0}/relationships/users")]
    [TestCase("/forest/companies/{0}/relationships/users/count")]
    public async Task RelatedDataOfAParentOutsideTheScope_Is404(string template)
    {
        var outside = await _accountant.Client.GetAsync(string.Format(template, _outside.Id));
        var inside = await _accountant.Client.GetAsync(string.Format(template, _paris.Id));

        Assert.That((int)outside.StatusCode, Is.EqualTo(404), await outside.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.ErrorAsync(outside)).Name, Is.EqualTo("NotFoundError"));
        Assert.That((int)inside.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task ActionFromTheRelatedDataOfAParentOutsideTheScope_Is404()
    {
        var transaction = await _factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompanyId == _outside.Id).Select(t => t.Id).FirstAsync());
        var body = ForestApi.Body("transactions", [transaction.ToString()], more: a =>
        {
            a["parent_collection_name"] = "companies";
            a["parent_collection_id"] = _outside.Id.ToString();
            a["parent_association_name"] = "emitted_transactions";
        });

        var response = await _accountant.TriggerAsync("validate", body);
        var state = await _accountant.PostRawAsync("/forest/transactions/actions", body.ToJsonString());

        Assert.That((int)response.StatusCode, Is.EqualTo(404), await response.Content.ReadAsStringAsync());
        Assert.That((int)state.StatusCode, Is.EqualTo(404), await state.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task SortThroughARelation_IsRefused()
    {
        var response = await _accountant.Client.GetAsync("/forest/users?sort=company:name");

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }
}
