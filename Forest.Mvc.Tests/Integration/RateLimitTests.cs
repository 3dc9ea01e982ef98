using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Integration;

/// <summary>
/// Rate limits per user and action: the action's own policy (Charge credit card: "payments", 5 a minute in the
/// Live Demo) or the default policy; over it, 429 TooManyRequestsError with Retry-After, and nothing runs.
/// </summary>
[TestFixture]
public sealed class RateLimitTests
{
    private static JsonObject Charge() => ForestApi.Body("customers", ["1"], new JsonObject { ["amount"] = 10 });

    [Test]
    public async Task AnActionsOwnPolicy_RefusesTheSixthCallOfAMinute_ForThatUserOnly()
    {
        using var demo = new LiveDemoFactory();
        var admin = await ForestApi.LoginAsync(demo);
        var manager = await ForestApi.LoginAsync(demo, "manager@forest.demo");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await admin.TriggerAsync("charge-credit-card", Charge())).StatusCode);
        }

        var sixth = await admin.TriggerAsync("charge-credit-card", Charge());
        var otherAction = await admin.TriggerAsync("show-some-activity", ForestApi.Body("companies", ["2"]));
        var otherUser = await manager.TriggerAsync("charge-credit-card", Charge());

        var error = await ForestApi.ErrorAsync(sixth);
        Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((error.Status, error.Name), Is.EqualTo((429, "TooManyRequestsError")));
        Assert.That(error.Detail, Does.StartWith("You called 'Charge credit card' more than 5 times in 60 s."));
        Assert.That(sixth.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(otherAction.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another action has its own count");
        Assert.That((int)otherUser.StatusCode, Is.Not.EqualTo(429), "another user has their own count (the manager may be refused the action itself, not rate limited)");
    }

    [Test]
    public async Task TheDefaultPolicy_AppliesToEveryOtherAction()
    {
        using var demo = new LiveDemoFactory(("Forest:RateLimits:default:PermitLimit", "2"), ("Forest:RateLimits:default:Window", "00:10:00"));
        var admin = await ForestApi.LoginAsync(demo);

        var calls = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            calls.Add((int)(await admin.TriggerAsync("show-some-activity", ForestApi.Body("companies", ["2"]))).StatusCode);
        }

        Assert.That(calls, Is.EqualTo(new[] { 200, 200, 429 }));
    }

    [Test]
    public void AnActionNamingAnUnknownPolicy_StopsTheStartup()
    {
        using var demo = new LiveDemoFactory();
        demo.WithServices(services => services.PostConfigure<ForestOptions>(o => o.RateLimits.Clear()));

        var exception = Assert.Throws<InvalidOperationException>(() => demo.CreateClient());

        Assert.That(exception!.Message, Does.Contain("The smart action 'Charge credit card' (customers) names the rate limit policy 'payments', which Forest:RateLimits does not define"));
    }
}
