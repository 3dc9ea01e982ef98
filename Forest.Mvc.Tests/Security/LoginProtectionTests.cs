using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Tests.Security;

/// <summary>
/// Password guessing is stopped: a rate limit per address and a lockout per account (known or not, same answer),
/// both 429 with Retry-After; failed logins, lockouts, and 401/403 on management and hook routes are in the
/// activity log; and tokens signed with any configured secret are accepted (key rotation).
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class LoginProtectionTests(string provider)
{
    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        await client.PostAsJsonAsync("/forest/authentication", new { email, password });

    [Test]
    public async Task RepeatedFailures_LockTheAccount_KnownOrNot_WithTheSameAnswer_UntilTheLockoutEnds()
    {
        using var factory = LiveDemoFactory.For(provider, ("Forest:Login:LockoutDuration", "00:00:03"));
        using var client = factory.CreateClient();
        var failures = new List<HttpStatusCode>();
        foreach (var email in new[] { "manager@forest.demo", "nobody@forest.demo" })
        {
            for (var i = 0; i < 5; i++)
            {
                failures.Add((await LoginAsync(client, email, "wrong password " + i)).StatusCode);
            }
        }

        var known = await LoginAsync(client, "manager@forest.demo", "livedemo");
        var unknown = await LoginAsync(client, "nobody@forest.demo", "livedemo");

        Assert.That(failures, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        foreach (var locked in new[] { known, unknown })
        {
            Assert.That((int)locked.StatusCode, Is.EqualTo(429), await locked.Content.ReadAsStringAsync());
            Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(await ForestApi.ErrorAsync(locked), Is.EqualTo((429, "TooManyRequestsError", "Too many failed logins for this account: try again later.")));
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.That((await LoginAsync(client, "manager@forest.demo", "livedemo")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the lockout is temporary");

        var security = await factory.WithStoreAsync(store => store.Activity.Where(a => a.Kind == "login_failed" || a.Kind == "lockout").Select(a => new { a.Kind, a.UserEmail }).ToListAsync());
        Assert.That(security.Count(s => s.Kind == "login_failed"), Is.EqualTo(10));
        Assert.That(security.Where(s => s.Kind == "lockout").Select(s => s.UserEmail), Is.EquivalentTo(new[] { "manager@forest.demo", "nobody@forest.demo" }));
    }

    [Test]
    public async Task TooManyAttemptsFromOneAddress_Are429_EvenWithTheRightPassword()
    {
        using var factory = LiveDemoFactory.For(provider, ("Forest:Login:MaxAttemptsPerAddress", "3"));
        using var client = factory.CreateClient();

        var statuses = new List<int>();
        foreach (var email in new[] { "viewer@forest.demo", "support@forest.demo", "manager@forest.demo", "admin@forest.demo" })
        {
            statuses.Add((int)(await LoginAsync(client, email, "livedemo")).StatusCode);
        }

        var refused = await LoginAsync(client, "admin@forest.demo", "livedemo");
        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 429 }));
        Assert.That((await ForestApi.ErrorAsync(refused)).Name, Is.EqualTo("TooManyRequestsError"));
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task RefusalsOnManagementAndHookRoutes_AreInTheActivityLog()
    {
        using var factory = LiveDemoFactory.For(provider);
        var admin = await ForestApi.LoginAsync(factory);
        var viewer = await ForestApi.LoginAsync(factory, "viewer@forest.demo");
        using var anonymous = factory.CreateClient();
        var transaction = await factory.WithDbAsync(db => db.Transactions.Select(t => t.Id).FirstAsync());

        var forbidden = await viewer.Client.GetAsync("/forest/management/users");
        var unauthorized = await anonymous.GetAsync("/forest/management/roles");
        var hook = await viewer.Client.PostAsync("/forest/actions/refund/hooks/load", new StringContent(
            new JsonObject { ["recordIds"] = new JsonArray(transaction.ToString()), ["collectionName"] = "transactions" }.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.That(((int)forbidden.StatusCode, (int)unauthorized.StatusCode, (int)hook.StatusCode), Is.EqualTo((403, 401, 403)));
        var lines = (await admin.Client.GetFromJsonAsync<JsonObject>("/forest/activity?kind=security"))!["data"]!.AsArray()
            .Select(l => $"{l!["kind"]} {l["action"]} {l["user"]!["email"]}").ToList();
        Assert.That(lines, Does.Contain("forbidden GET /forest/management/users viewer@forest.demo"));
        Assert.That(lines, Does.Contain("unauthorized GET /forest/management/roles "));
        Assert.That(lines, Does.Contain("forbidden POST /forest/actions/refund/hooks/load viewer@forest.demo"));
    }

    [Test]
    public async Task SigningKeyRotation_TheFirstSecretSigns_EverySecretValidates()
    {
        const string newSecret = "the-new-forest-secret-0123456789-abcdefghij";
        using var factory = LiveDemoFactory.For(provider, ("Forest:AuthSecret", null), ("Forest:AuthSecrets:0", newSecret), ("Forest:AuthSecrets:1", LiveDemoFactory.Secret));
        using var client = factory.CreateClient();

        var issued = (await (await LoginAsync(client, "admin@forest.demo", "livedemo")).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var signedWithOld = TestTokens.Sign();
        var signedWithOther = TestTokens.Sign(secret: "a-secret-this-application-never-had-0123456789");

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(issued, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(newSecret)),
        });
        Assert.That(validation.IsValid, Is.True, "new tokens are signed with the first secret");
        foreach (var (token, expected) in new[] { (issued, HttpStatusCode.OK), (signedWithOld, HttpStatusCode.OK), (signedWithOther, HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/forest/companies/count");
            request.Headers.Authorization = new("Bearer", token);
            Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(expected));
        }
    }
}
