using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary><c>POST &lt;endpoint&gt;/hooks/search</c>: a searchable dropdown's options, recomputed by its search hook from what the user typed.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class SearchHooksTests(string provider) : LiveDemoFixture(provider)
{
    private const string Field = "Account manager";

    private static JsonObject SearchBody(string? searchField, string searchValue) => ForestApi.Body("companies", ["3"], more: a =>
    {
        a["search_field"] = searchField;
        a["fields"] = new JsonArray(new JsonObject { ["field"] = Field, ["type"] = "String", ["value"] = null, ["searchValue"] = searchValue });
    });

    private Task<HttpResponseMessage> SearchAsync(JsonObject body) =>
        Api.Client.PostAsync("/forest/actions/assign-account-manager/hooks/search", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonArray Options(JsonObject answer) =>
        answer["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == Field)!["widgetEdit"]!["parameters"]!["static"]!["options"]!.AsArray();

    [Test]
    public async Task Schema_ShowsTheFieldAsADynamicDropdown()
    {
        var schema = await ForestApi.JsonAsync(await Api.Client.GetAsync("/forest/schema"));
        var field = schema["collections"]!.AsArray().SelectMany(c => c!["actions"]!.AsArray()).Single(a => a!["name"]!.GetValue<string>() == "Assign account manager")!["fields"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(field["widgetEdit"]!["name"]!.GetValue<string>(), Is.EqualTo("dropdown"));
            Assert.That(field["widgetEdit"]!["parameters"]!["searchType"]!.GetValue<string>(), Is.EqualTo("dynamic"));
            Assert.That(field["widgetEdit"]!["parameters"]!["isSearchable"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task Search_AnswersTheMatchingUsers_AsOptions()
    {
        var user = await Factory.WithDbAsync(db => db.Users.OrderBy(u => u.Email).FirstAsync());
        var total = await Factory.WithDbAsync(db => db.Users.CountAsync());

        var found = Options(await ForestApi.JsonAsync(await SearchAsync(SearchBody(Field, user.Email))));
        var everyone = Options(await ForestApi.JsonAsync(await SearchAsync(SearchBody(Field, ""))));

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(o => o!["value"]!.GetValue<string>()), Does.Contain(user.Id.ToString()));
            Assert.That(found.Select(o => o!["label"]!.GetValue<string>()), Is.All.Contain(user.Email));
            Assert.That(total, Is.GreaterThan(20));
            Assert.That(everyone, Has.Count.EqualTo(20), "at most 20 options, searched among every user");
        });
    }

    [TestCase(null, "search_field is required")]
    [TestCase("Colour", "has no field 'Colour'")]
    public async Task Search_WithoutASearchableField_Is400(string? field, string detail)
    {
        var error = await ForestApi.ErrorAsync(await SearchAsync(SearchBody(field, "a")));

        Assert.Multiple(() =>
        {
            Assert.That(error.Status, Is.EqualTo(400));
            Assert.That(error.Detail, Does.Contain(detail));
        });
    }

    [Test]
    public async Task Search_OfAFieldWithoutSearchHook_Is400()
    {
        var body = ForestApi.Body("transactions", ["11"], more: a => a["search_field"] = "Reason");

        var response = await Api.Client.PostAsync("/forest/actions/refund/hooks/search", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.That((await ForestApi.ErrorAsync(response)).Detail, Does.Contain("the field 'Reason' of 'Refund' is not searchable"));
    }

    [Test]
    public async Task TheChosenOption_IsWhatTheActionReceives()
    {
        var user = await Factory.WithDbAsync(db => db.Users.OrderBy(u => u.LastName).FirstAsync());

        var assigned = await Api.TriggerAsync("assign-account-manager", ForestApi.Body("companies", ["3"], new JsonObject { [Field] = user.Id.ToString() }));
        var refused = await Api.TriggerAsync("assign-account-manager", ForestApi.Body("companies", ["3"], new JsonObject { [Field] = "nobody" }));

        Assert.Multiple(async () =>
        {
            Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.OK), await assigned.Content.ReadAsStringAsync());
            Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 3).Select(c => c.Description).SingleAsync()), Does.Contain(user.Email));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }
}
