using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Invocation;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Invocation;

/// <summary>
/// Every way a smart action is reached (its route, its form hooks, an approval, a background job, an MCP tool) runs
/// through MVC: an application's global MVC filter sees each call, with the call's source and user.
/// </summary>
[TestFixture]
public sealed class InvocationSourcesTests : McpFixture
{
    private readonly ConcurrentQueue<(string Path, string Source, string User, string? Hook)> _seen = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new RecordingFilter(_seen)));

    [SetUp]
    public void Forget() => _seen.Clear();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Test]
    public async Task TheRouteAndEachFormHook_GoThroughTheApplicationsMvcFilters()
    {
        using var admin = await ApiAsync("admin");

        var action = await admin.PostAsync("/forest/actions/mark-as-live?timezone=UTC", Json(ForestApi.Body("companies", ["1"])));
        var load = await admin.PostAsync("/forest/actions/refund/hooks/load", Json(ForestApi.Body("transactions", ["11"])));
        var change = await admin.PostAsync("/forest/actions/refund/hooks/change", Json(ForestApi.Body("transactions", ["11"], more: a => a["changed_field"] = "Reason")));

        Assert.Multiple(() =>
        {
            Assert.That((int)action.StatusCode, Is.LessThan(300));
            Assert.That(load.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_seen, Is.EquivalentTo(new[]
            {
                ("/forest/actions/mark-as-live", "http", "admin@forest.demo", (string?)null),
                ("/forest/actions/refund/hooks/load", "http", "admin@forest.demo", "Load"),
                ("/forest/actions/refund/hooks/change", "http", "admin@forest.demo", "Change"),
            }));
        });
    }

    [Test]
    public async Task AHookRefusedByTheChecks_NeverReachesTheFilters()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl) };

        var response = await anonymous.PostAsync("/forest/actions/refund/hooks/load", Json(ForestApi.Body("transactions", ["11"])));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_seen, Is.Empty);
    }

    [Test]
    public async Task AnApprovedRequest_RunsThroughTheFilters_AsTheApprover()
    {
        using var manager = await ApiAsync("manager");
        using var admin = await ApiAsync("admin");
        var requested = await manager.PostAsync("/forest/actions/suspend?timezone=UTC", Json(ForestApi.Body("companies", ["7"])));
        var id = (await ForestApi.JsonAsync(requested))["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();
        _seen.Clear();

        var approved = await admin.PostAsync($"/forest/approvals/{id}/approve", Json(new JsonObject()));

        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        Assert.That(_seen, Is.EqualTo(new[] { ("/forest/actions/suspend", "approval", "admin@forest.demo", (string?)null) }));
    }

    [Test]
    public async Task ABackgroundJob_RunsThroughTheFilters_AsItsRequester_NotWhenItIsQueued()
    {
        using var admin = await ApiAsync("admin");

        var queued = await admin.PostAsync("/forest/actions/recompute-risk-scores?timezone=UTC", Json(ForestApi.Body("companies", ["2", "3"])));
        var job = (await queued.Content.ReadFromJsonAsync<JsonObject>())!["job"]!["id"]!.GetValue<string>();
        for (var tries = 0; tries < 300 && (await admin.GetFromJsonAsync<JsonObject>($"/forest/jobs/{job}"))!["status"]!.GetValue<string>() is "queued" or "running"; tries++)
        {
            await Task.Delay(100);
        }

        // Queuing answers before the method (the queue stage), so the filters see the job's run only.
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_seen, Is.EqualTo(new[] { ("/forest/actions/recompute-risk-scores", "job", "admin@forest.demo", (string?)null) }));
    }

    [Test]
    public async Task AnMcpToolCall_AndItsFormTool_RunThroughTheFilters_AsTheAgentsUser()
    {
        await using var client = await ConnectAsync("admin");

        var ran = await client.CallToolAsync("companies__mark-as-live", new Dictionary<string, object?> { ["ids"] = new[] { "4" } });
        var form = await client.CallToolAsync("get_action_form", new Dictionary<string, object?> { ["tool"] = "transactions__refund", ["ids"] = new[] { "11" } });

        Assert.Multiple(() =>
        {
            Assert.That(ran.IsError, Is.Not.True, Text(ran));
            Assert.That(form.IsError, Is.Not.True, Text(form));
            Assert.That(_seen, Is.EqualTo(new[]
            {
                ("/forest/actions/mark-as-live", "mcp", "admin@forest.demo", (string?)null),
                ("/forest/actions/refund/hooks/load", "mcp", "admin@forest.demo", "Load"),
            }));
        });
    }

    /// <summary>An application's global action filter: records what it saw.</summary>
    private sealed class RecordingFilter(ConcurrentQueue<(string Path, string Source, string User, string? Hook)> seen) : IAsyncActionFilter
    {
        public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
        {
            var invocation = SmartActionInvocation.Get(context.HttpContext);
            seen.Enqueue((context.HttpContext.Request.Path.Value!, invocation.Source.Name, invocation.User.Email, invocation.Hook?.ToString()));
            return next();
        }
    }
}
