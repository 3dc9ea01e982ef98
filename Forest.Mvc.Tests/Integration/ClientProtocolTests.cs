using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Points of the protocol that Forest's current clients use beyond the reference page: HEAD on reads, live-query segments.</summary>
[TestFixture]
public sealed class ClientProtocolTests : LiveDemoFixture
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
