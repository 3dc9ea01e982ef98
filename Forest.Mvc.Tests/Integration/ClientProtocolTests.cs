using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Points of the protocol that Forest's current clients use beyond the reference page: HEAD on reads, live-query segments.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class ClientProtocolTests(string provider) : LiveDemoFixture(provider)
{
    private const string SegmentQuery = "SELECT id FROM companies WHERE id = 1";

    [TestCase("/forest/companies")]
    [TestCase("/forest/companies/count")]
    [TestCase("/forest/companies/3")]
    [TestCase("/forest/companies/3/relationships/users")]
    public async Task Head_OnAReadRoute_AnswersLikeGet_WithoutABody(string path)
    {
        var get = await Api.Client.GetAsync(path);
        var head = await Api.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var anonymous = await Factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Multiple(async () =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo(get.Content.Headers.ContentType?.MediaType).And.EqualTo("application/json"));
            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That((await get.Content.ReadAsByteArrayAsync()).Length, Is.GreaterThan(0));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "HEAD goes through the same checks");
        });
    }

    [TestCase("/forest/companies?segmentQuery=")]
    [TestCase("/forest/companies/count?segmentQuery=")]
    [TestCase("/forest/companies/3/relationships/users?connectionName=main&segmentQuery=")]
    public async Task LiveQuerySegment_OnAList_IsRefused_NeverIgnored(string path)
    {
        var response = await Api.Client.GetAsync(path + Uri.EscapeDataString(SegmentQuery));

        var error = await ForestApi.ErrorAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((error.Status, error.Name), Is.EqualTo((400, "ValidationError")));
            Assert.That(error.Detail, Does.Contain("live-query segments are not enabled"));
        });
    }

    [Test]
    public async Task LiveQuerySegment_InASelectAll_IsRefused_AndNothingRuns()
    {
        var before = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "suspended"));
        var body = ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["segmentQuery"] = SegmentQuery, ["connectionName"] = "main" };
        });

        var response = await Api.TriggerAsync("suspend", body);

        var error = await ForestApi.ErrorAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That((error.Status, error.Name), Is.EqualTo((400, "ValidationError")));
            Assert.That(error.Detail, Does.Contain("live-query segments are not enabled"));
            Assert.That(await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "suspended")), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task NullSegmentQuery_AsTheFrontEndSendsIt_IsNoSegment()
    {
        var body = ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["segmentQuery"] = null, ["filters"] = ForestApi.Filters(new { field = "id", @operator = "equal", value = 2 }) };
        });

        var response = await Api.Client.PostAsync("/forest/companies/actions?timezone=UTC", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}

/// <summary><c>POST /forest/_internal/capabilities</c>: the operators announced per field are the ones the filters accept.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class CapabilitiesTests(string provider) : LiveDemoFixture(provider)
{
    private static object? SampleValue(string type, string op) => op switch
    {
        "present" or "blank" or "today" or "yesterday" or "past" or "future" or "previous_week" or "previous_month" or "previous_year" => null,
        "previous_x_days" or "previous_x_days_to_date" or "before_x_hours_ago" or "after_x_hours_ago" => 3,
        "in" or "not_in" => new[] { SampleValue(type, "equal") },
        _ => type switch
        {
            "Number" => 1,
            "Boolean" => true,
            "Date" => "2024-01-01T00:00:00Z",
            "Dateonly" => "2024-01-01",
            _ => "a",
        },
    };

    [Test]
    public async Task Capabilities_AnnounceEachFieldsOperators_AndEveryOneOfThemFilters()
    {
        var response = await Api.Client.PostAsync("/forest/_internal/capabilities", new StringContent("""{"collectionNames":["companies","transactions","nothing"]}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await ForestApi.JsonAsync(response);
        var collections = body["collections"]!.AsArray();
        var companies = collections.Single(c => c!["name"]!.GetValue<string>() == "companies")!["fields"]!.AsArray();
        var name = companies.Single(f => f!["name"]!.GetValue<string>() == "name")!;

        Assert.Multiple(() =>
        {
            Assert.That(collections.Select(c => c!["name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "companies", "transactions" }));
            Assert.That(name["type"]!.GetValue<string>(), Is.EqualTo("String"));
            Assert.That(name["operators"]!.AsArray().Select(o => o!.GetValue<string>()), Does.Contain("i_contains").And.Contain("equal").And.Not.Contain("greater_than"));
        });

        var refused = new List<string>();
        var tried = 0;
        foreach (var collection in collections)
        {
            foreach (var field in collection!["fields"]!.AsArray())
            {
                var type = field!["type"]!.GetValue<string>();
                if (type is "Enum" or "Json" or "Uuid" or "Time")
                {
                    continue; // their values depend on the field; their operators are the common ones
                }

                foreach (var op in field["operators"]!.AsArray().Select(o => o!.GetValue<string>()))
                {
                    var filters = ForestApi.Filters(new { field = field["name"]!.GetValue<string>(), @operator = op, value = SampleValue(type, op) });
                    var count = await Api.Client.GetAsync($"/forest/{collection["name"]}/count?filters={Uri.EscapeDataString(filters)}");
                    tried++;
                    if (count.StatusCode != HttpStatusCode.OK)
                    {
                        refused.Add($"{collection["name"]}.{field["name"]} {op}: {await count.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }

        Assert.That(tried, Is.GreaterThan(100));
        Assert.That(refused, Is.Empty);
    }

    [Test]
    public async Task Capabilities_WithoutNames_AnswerNoCollection_AndNeedAToken()
    {
        var empty = await ForestApi.JsonAsync(await Api.Client.PostAsync("/forest/_internal/capabilities", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));
        var anonymous = await Factory.CreateClient().PostAsync("/forest/_internal/capabilities", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var wrong = await Api.Client.PostAsync("/forest/_internal/capabilities", new StringContent("""{"collectionNames":"companies"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(empty["collections"]!.AsArray(), Is.Empty);
            Assert.That(empty["nativeQueryConnections"]!.AsArray(), Is.Empty);
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await ForestApi.ErrorAsync(wrong)).Status, Is.EqualTo(400));
        });
    }
}
