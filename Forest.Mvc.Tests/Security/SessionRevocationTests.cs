using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Security;

/// <summary>
/// What a token says of a user (role, team, tags, permission level) is read again from the store on every request,
/// and a logout, a password change, a change of role or permission level, or disabling the user ends that user's
/// existing tokens at once, on every instance sharing the store.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class SessionRevocationTests(string provider)
{
    private LiveDemoFactory _factory = null!;
    private ForestApi _admin = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _factory = LiveDemoFactory.For(provider);
        _admin = await ForestApi.LoginAsync(_factory);
    }

    [TearDown]
    public void Stop() => _factory?.Dispose();

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<int> UserIdAsync(string email) =>
        (await _admin.Client.GetFromJsonAsync<JsonArray>("/forest/management/users"))!.Single(u => u!["email"]!.GetValue<string>() == email)!["id"]!.GetValue<int>();

    private async Task UpdateUserAsync(string email, JsonObject changes)
    {
        var response = await _admin.Client.PutAsync($"/forest/management/users/{await UserIdAsync(email)}", Json(changes));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> LoginStatusAsync(LiveDemoFactory factory, string email, string password)
    {
        using var client = factory.CreateClient();
        return (await client.PostAsJsonAsync("/forest/authentication", new { email, password })).StatusCode;
    }

    private static async Task<int> CountAsync(ForestApi api, string path)
    {
        var response = await api.Client.GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return (await ForestApi.JsonAsync(response))["count"]!.GetValue<int>();
    }

    [Test]
    public async Task TagsChangedByAnAdmin_ApplyAtOnce_ToTheSameToken()
    {
        var accountant = await ForestApi.LoginAsync(_factory, "accountant@forest.demo");
        var cities = await _factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter != null).GroupBy(c => c.Headquarter!).Select(g => new { City = g.Key, Count = g.Count() }).ToListAsync());
        var paris = cities.Single(c => c.City == "Paris").Count;
        var other = cities.First(c => c.Count != paris);
        Assert.That(await CountAsync(accountant, "/forest/companies/count"), Is.EqualTo(paris));

        await UpdateUserAsync("accountant@forest.demo", new JsonObject { ["tags"] = new JsonObject { ["city"] = other.City } });

        Assert.That(await CountAsync(accountant, "/forest/companies/count"), Is.EqualTo(other.Count));
    }

    [Test]
    public async Task DemotedAdmin_OldTokenIsRefused_OnApprovalsAndExport()
    {
        var created = await _admin.Client.PostAsync("/forest/management/users", Json(new JsonObject
        {
            ["email"] = "second-admin@forest.demo", ["password"] = "a long enough password", ["permissionLevel"] = "admin", ["role"] = "Admin",
        }));
        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        using var client = _factory.CreateClient();
        var token = (await (await client.PostAsJsonAsync("/forest/authentication", new { email = "second-admin@forest.demo", password = "a long enough password" })).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.That((await client.GetAsync("/forest/approvals/export")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await UpdateUserAsync("second-admin@forest.demo", new JsonObject { ["permissionLevel"] = "user" });

        Assert.That((await client.GetAsync("/forest/approvals/export")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/forest/approvals?view=history")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/forest/management/users")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Logout_EndsTheSession_OnEveryInstanceSharingTheStore()
    {
        using var second = LiveDemoFactory.For(
            provider,
            ("ConnectionStrings:LiveDemo", _factory.Setting("ConnectionStrings:LiveDemo")),
            ("ConnectionStrings:ForestStore", _factory.Setting("ConnectionStrings:ForestStore")));
        var manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");
        using var onSecond = second.CreateClient();
        onSecond.DefaultRequestHeaders.Authorization = manager.Client.DefaultRequestHeaders.Authorization;
        Assert.That((await onSecond.GetAsync("/forest/companies/count")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var logout = await manager.Client.PostAsync("/forest/authentication/logout", null);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That((await manager.Client.GetAsync("/forest/companies/count")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "at once on the instance that logged out");
        // The other instance: PostgreSQL announces the change (NOTIFY); on SQLite it reads the rules version every second.
        var bound = TimeSpan.FromMilliseconds(provider == LiveDemoFactory.PostgreSql ? 500 : 1_500);
        var refused = HttpStatusCode.OK;
        while (clock.Elapsed < bound && (refused = (await onSecond.GetAsync("/forest/companies/count")).StatusCode) == HttpStatusCode.OK)
        {
            await Task.Delay(10);
        }

        Assert.That(refused, Is.EqualTo(HttpStatusCode.Unauthorized), $"refused on the other instance within {bound.TotalMilliseconds} ms");
        Assert.That(await LoginStatusAsync(second, "manager@forest.demo", "livedemo"), Is.EqualTo(HttpStatusCode.OK), "logging in again works");
    }

    [Test]
    public async Task PasswordChangedByAnAdmin_EndsTheSession_AndOnlyTheNewPasswordWorks()
    {
        var support = await ForestApi.LoginAsync(_factory, "support@forest.demo");

        await UpdateUserAsync("support@forest.demo", new JsonObject { ["password"] = "correct horse battery" });

        Assert.That((await support.Client.GetAsync("/forest/companies/count")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await LoginStatusAsync(_factory, "support@forest.demo", "livedemo"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await LoginStatusAsync(_factory, "support@forest.demo", "correct horse battery"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DisabledUser_IsRefused_AndCannotLogIn()
    {
        var viewer = await ForestApi.LoginAsync(_factory, "viewer@forest.demo");

        await UpdateUserAsync("viewer@forest.demo", new JsonObject { ["disabled"] = true });

        var refused = await viewer.Client.GetAsync("/forest/companies/count");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ForestApi.ErrorAsync(refused)).Detail, Does.Contain("session has ended"));
        Assert.That(await LoginStatusAsync(_factory, "viewer@forest.demo", "livedemo"), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("short-pw1")]
    [TestCase("elevenchars")]
    public async Task ManagementApi_RefusesPasswordsShorterThanTwelve(string password)
    {
        var response = await _admin.Client.PostAsync("/forest/management/users", Json(new JsonObject { ["email"] = "weak@forest.demo", ["password"] = password }));
        var update = await _admin.Client.PutAsync($"/forest/management/users/{await UserIdAsync("viewer@forest.demo")}", Json(new JsonObject { ["password"] = password }));

        foreach (var refused in new[] { response, update })
        {
            Assert.That((int)refused.StatusCode, Is.EqualTo(400));
            Assert.That((await ForestApi.ErrorAsync(refused)).Detail, Does.Contain("at least 12 characters"));
        }
    }
}
