using System.Text;
using Forest.Mvc.Security;
using Forest.Mvc.Testing;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Integration;

/// <summary>The testing helpers a library user gets: request bodies from the builder, tokens from the token service.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class RequestBuilderTests(string provider) : LiveDemoFixture(provider)
{
    private HttpClient AdminClient() => Admin().Http;

    /// <summary>A user no store knows, signed in with the host's token service (the helper action authors get).</summary>
    private ForestTestClient Admin() => ForestTestClient.As(Factory.CreateClient(), Factory.Services, new ForestUser { Id = "99", Email = "tests@example.com", Role = "Admin" });

    [Test]
    public async Task BuiltRequests_AreUnderstoodByThePipeline()
    {
        var client = AdminClient();
        var pending = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending" && c.Name.ToLower().Contains("labs")).Select(c => c.Id).ToListAsync());
        var related = SmartActionRequestBuilder.For("users").FromRelatedData("companies", "9", "users").SelectAll().ToJson();
        var selectAll = SmartActionRequestBuilder.For("companies")
            .SelectAll(new { field = "status", @operator = "equal", value = "pending" }, search: "labs", excludedIds: pending[0].ToString()).ToJson();

        var resetResponse = await client.PostAsync("/forest/actions/reset-password", new StringContent(related, Encoding.UTF8, "application/json"));
        var suspendResponse = await client.PostAsync("/forest/actions/suspend", new StringContent(selectAll, Encoding.UTF8, "application/json"));

        var users = await Factory.WithDbAsync(db => db.Users.CountAsync(u => u.CompanyId == 9));
        Assert.That(await resetResponse.Content.ReadAsStringAsync(), Does.Contain($"Password reset requested for {users} user"));
        Assert.That(await suspendResponse.Content.ReadAsStringAsync(), Does.Contain($"\"{pending.Count - 1} compan"));
    }

    [Test]
    public async Task TheTestClient_TriggersAnAction_AndLoadsItsForm()
    {
        var admin = Admin();
        var live = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending").Select(c => c.Id).FirstAsync());

        var triggered = await admin.TriggerAsync("mark-as-live", SmartActionRequestBuilder.For("companies").WithIds(live.ToString()), "Europe/Paris");
        var form = await admin.LoadFormAsync("add-new-transaction", SmartActionRequestBuilder.For("companies").WithIds("1"));

        Assert.That(await triggered.Content.ReadAsStringAsync(), Does.StartWith("{\"success\":"));
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == live).Select(c => c.Status).SingleAsync()), Is.EqualTo("live"));
        Assert.That(await form.Content.ReadAsStringAsync(), Does.Contain("\"fields\"").And.Contain("Beneficiary company"));
    }

    [Test]
    public async Task Values_AreSerialisedByFieldName()
    {
        var body = SmartActionRequestBuilder.For("companies").WithIds("1").WithValues(new Dictionary<string, object> { ["Beneficiary company"] = "2", ["Amount"] = 10 }).ToJson();

        var response = await AdminClient().PostAsync("/forest/actions/add-new-transaction", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("{\"success\":\"New transaction emitted\""));
    }
}
