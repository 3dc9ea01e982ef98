using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Login, token validation and the attacks a token-based API must resist.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class AuthenticationTests(string provider)
{
    private LiveDemoFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = LiveDemoFactory.For(provider);

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    private async Task<HttpResponseMessage> TriggerWithTokenAsync(string? token, string action = "mark-as-live", string id = "1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/forest/actions/{action}")
        {
            Content = new StringContent(ForestApi.Body("companies", [id]).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _factory.CreateClient().SendAsync(request);
    }

    [Test]
    public async Task Login_WithTheDemoCredentials_GivesAWorkingToken()
    {
        var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync("/forest/authentication", new { email = "admin@forest.demo", password = "livedemo" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var token = (await ForestApi.JsonAsync(response))["token"]!.GetValue<string>();
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!;
        Assert.Multiple(async () =>
        {
            Assert.That(payload["email"]!.GetValue<string>(), Is.EqualTo("admin@forest.demo"));
            Assert.That(payload["role"]!.GetValue<string>(), Is.EqualTo("Admin"));
            Assert.That(payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>(), Is.EqualTo(3600));
            Assert.That(JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]))!["alg"]!.GetValue<string>(), Is.EqualTo("HS256"));
            Assert.That((await TriggerWithTokenAsync(token, "return-and-track")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task UsersListedInConfiguration_AreSeeded()
    {
        await using var configured = new LiveDemoFactory(
            ("Forest:Users:0:Email", "ops@example.com"),
            ("Forest:Users:0:Password", "configured-password"),
            ("Forest:Users:0:Role", "Support"),
            ("Forest:Users:0:Tags:city", "Lisbon"));

        var response = await configured.CreateClient().PostAsJsonAsync("/forest/authentication", new { email = "ops@example.com", password = "configured-password" });

        var token = (await ForestApi.JsonAsync(response))["token"]!.GetValue<string>();
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!;
        Assert.That(payload["role"]!.GetValue<string>(), Is.EqualTo("Support"));
        Assert.That(payload["tags"]!["city"]!.GetValue<string>(), Is.EqualTo("Lisbon"));
    }

    [TestCase("admin@forest.demo", "wrong")]
    [TestCase("nobody@forest.demo", "livedemo")]
    public async Task Login_WithWrongCredentials_Is401(string email, string password)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/forest/authentication", new { email, password });

        var error = await ForestApi.ErrorAsync(response);
        Assert.That((error.Status, error.Name, error.Detail), Is.EqualTo((401, "UnauthorizedError", "The email or the password is wrong.")));
    }

    [Test]
    public async Task Login_WithoutPassword_Is400()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/forest/authentication", new { email = "admin@forest.demo" });

        Assert.That((await ForestApi.ErrorAsync(response)).Status, Is.EqualTo(400));
    }

    [Test]
    public async Task Action_WithoutToken_Is401Json_AndDoesNotRun()
    {
        var response = await TriggerWithTokenAsync(null);

        var error = await ForestApi.ErrorAsync(response);
        Assert.That((error.Status, error.Name), Is.EqualTo((401, "UnauthorizedError")));
        Assert.That(error.Detail, Does.Contain("Authorization header"));
        Assert.That(await _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 1).Select(c => c.Status).SingleAsync()), Is.EqualTo("pending"));
    }

    private static IEnumerable<TestCaseData> ForgedTokens()
    {
        yield return new TestCaseData("garbage").SetName("garbage");
        yield return new TestCaseData(TestTokens.WithoutSignature()).SetName("alg none");
        yield return new TestCaseData(TestTokens.Sign(secret: "another-secret-that-is-long-enough-for-hs256")).SetName("wrong key");
        yield return new TestCaseData(TestTokens.Sign(expires: DateTime.UtcNow.AddMinutes(-5))).SetName("expired");
        yield return new TestCaseData(TestTokens.Sign(algorithm: SecurityAlgorithms.HmacSha512, secret: LiveDemoFactory.Secret + LiveDemoFactory.Secret)).SetName("HS512 instead of HS256");
        var noId = TestTokens.Claims();
        noId.Remove("id");
        yield return new TestCaseData(TestTokens.Sign(noId)).SetName("no id claim");
    }

    [TestCaseSource(nameof(ForgedTokens))]
    public async Task Action_WithAForgedOrStaleToken_Is401_AndDoesNotRun(string token)
    {
        var response = await TriggerWithTokenAsync(token);

        var error = await ForestApi.ErrorAsync(response);
        Assert.That((error.Status, error.Name), Is.EqualTo((401, "UnauthorizedError")));
        Assert.That(await _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 1).Select(c => c.Status).SingleAsync()), Is.EqualTo("pending"));
    }

    [Test]
    public async Task ExpiredToken_SaysSo()
    {
        var response = await TriggerWithTokenAsync(TestTokens.Sign(expires: DateTime.UtcNow.AddMinutes(-5)));

        Assert.That((await ForestApi.ErrorAsync(response)).Detail, Does.Contain("expired"));
    }

    [Test]
    public async Task TokenOfTheReferencePage_WithNumericIdAndTagList_IsReadLeniently()
    {
        var claims = TestTokens.Claims();
        claims["role"] = "Admin"; // a role of the Live Demo that may add transactions
        var token = TestTokens.Sign(claims);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/actions/add-new-transaction")
        {
            Content = new StringContent(ForestApi.Body("companies", ["2"], new JsonObject { ["Beneficiary company"] = "3", ["Amount"] = 99 }).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _factory.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var note = await _factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompanyId == 2 && t.Amount == 99).Select(t => t.Note).FirstAsync());
        Assert.That(note, Does.Contain("Angelica Bengtsson"));
    }

    [Test]
    public async Task Cookie_IsAcceptedOnReadRoutes_ButNeverOnActions()
    {
        var token = TestTokens.Sign();
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"forest_session_token={token}");

        var read = await client.GetAsync("/forest/companies/count");
        var action = await client.PostAsync("/forest/actions/mark-as-live", new StringContent(ForestApi.Body("companies", ["1"]).ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(action.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a cross-site form post must not ride on the cookie");
            Assert.That(await _factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 1).Select(c => c.Status).SingleAsync()), Is.EqualTo("pending"));
        });
    }

    [TestCase("/forest/schema")]
    [TestCase("/forest/companies")]
    [TestCase("/forest/companies/count")]
    [TestCase("/forest/companies/1")]
    [TestCase("/forest/companies/1/relationships/users")]
    public async Task ReadRoutes_WithoutToken_Are401(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.That((await ForestApi.ErrorAsync(response)).Status, Is.EqualTo(401));
    }
}
