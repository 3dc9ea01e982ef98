using System.Net;
using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>Logging in and out, a session that survives a reload, an expired token, and how the console is served.</summary>
[TestFixture]
public sealed class ConsoleSessionTests : BrowserFixture
{
    [Test]
    public async Task Login_WithAWrongPassword_SaysSo()
    {
        await Page.GotoAsync(BaseUrl + "/");
        await Page.GetByLabel("Email").FillAsync("admin@forest.demo");
        await Page.GetByLabel("Password").FillAsync("nope");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "wrong" })).ToHaveTextAsync("The email or the password is wrong.");
    }

    [Test]
    public async Task Session_SurvivesAReload_AndLogoutEndsIt()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers");
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Level = 1 })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task ExpiredToken_SendsToLogin_ThenBackWhereTheUserWas()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Transactions", Level = 1 })).ToBeVisibleAsync();
        var claims = TestTokens.Claims();
        claims["role"] = "Admin";
        var expired = TestTokens.Sign(claims, expires: DateTime.UtcNow.AddMinutes(-10));
        await Page.EvaluateAsync($"sessionStorage.setItem('forest.token', '{expired}')");

        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "expired" })).ToContainTextAsync("Your session has expired");
        await Page.GetByLabel("Email").FillAsync("admin@forest.demo");
        await Page.GetByLabel("Password").FillAsync("livedemo");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("#/c/transactions$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Transactions", Level = 1 })).ToBeVisibleAsync();
    }

    [Test]
    public async Task Console_IsServedWithAStrictPolicy_AndRevalidatedByETag()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };

        var root = await client.GetAsync("/");
        var index = await client.GetAsync("/forest-admin/");
        var script = await client.GetAsync("/forest-admin/js/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/forest-admin/js/app.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        var cached = await client.SendAsync(again);
        var missing = await client.GetAsync("/forest-admin/js/nothing.js");
        var data = await client.GetAsync("/forest/companies");

        Assert.Multiple(() =>
        {
            Assert.That(root.RequestMessage!.RequestUri!.AbsolutePath, Is.EqualTo("/forest-admin/"), "the Live Demo opens the console at /");
            Assert.That(index.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            var policy = string.Join(" ", index.Headers.GetValues("Content-Security-Policy"));
            Assert.That(policy, Does.Contain("script-src 'self'").And.Contain("default-src 'none'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(index.Headers.CacheControl!.NoCache, Is.True);
            Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(cached.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(data.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no data without login");
        });
    }

    [Test]
    public async Task Page_LoadsNothingFromOutside()
    {
        var outside = new List<string>();
        Page.Request += (_, request) => { if (!request.Url.StartsWith(BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url); };

        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Expect(Page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();

        Assert.That(outside, Is.Empty);
    }
}
