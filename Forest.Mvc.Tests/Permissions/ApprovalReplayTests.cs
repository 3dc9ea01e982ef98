using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>An action declared with another HTTP method than POST, held for approval, then run by the approver.</summary>
public sealed class ArchiveCompaniesController(LiveDemoContext db) : SmartActionsController<Company>
{
    [SmartAction("Archive", Type = ActionType.Bulk, HttpMethod = "PUT")]
    public async Task<IActionResult> Archive(CancellationToken cancellationToken)
    {
        var archived = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "archived"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Success($"{archived} archived at the request of {Approval?.RequesterEmail ?? CurrentUser.Email} by {CurrentUser.Email}.");
    }
}

/// <summary>Adds one controller of this assembly to the Live Demo (the others here are deliberately broken declarations).</summary>
internal sealed class OneController(Type controller) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) => feature.Controllers.Add(controller.GetTypeInfo());
}

/// <summary>
/// The replay of an approved request goes through the action's own pipeline, invoked by MVC with a fresh action
/// context: the approver's request is not rewritten, and the action's declared HTTP method does not stop it.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class ApprovalReplayTests(string provider)
{
    private LiveDemoFactory _factory = null!;

    [SetUp]
    public void Start()
    {
        var factory = LiveDemoFactory.For(provider, log: null, "Production");
        _factory = factory.WithServices(services => services.AddMvcCore().ConfigureApplicationPartManager(m => m.FeatureProviders.Add(new OneController(typeof(ArchiveCompaniesController)))));
    }

    [TearDown]
    public void Stop() => _factory?.Dispose();

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    [Test]
    public async Task PutAction_HeldForApproval_RunsOnceWhenApproved_WithTheRequestersSelection()
    {
        var admin = await ForestApi.LoginAsync(_factory, "admin@forest.demo");
        var roles = (await admin.Client.GetFromJsonNodeAsync("/forest/management/roles")).AsArray();
        var managerRole = roles.Single(r => r!["name"]!.GetValue<string>() == "Manager")!["id"]!.GetValue<int>();
        var granted = await admin.Client.PutAsync($"/forest/management/roles/{managerRole}/permissions", Json(new JsonArray(
            new JsonObject { ["collection"] = "companies", ["action"] = "Archive", ["trigger"] = "approval" })));
        Assert.That(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        var manager = await ForestApi.LoginAsync(_factory, "manager@forest.demo");
        var body = Json(ForestApi.Body("companies", ["3", "4"]));

        var asPost = await manager.Client.PostAsync("/forest/actions/archive?timezone=UTC", Json(ForestApi.Body("companies", ["3", "4"])));
        var held = await manager.Client.PutAsync("/forest/actions/archive?timezone=UTC", body);
        var heldError = (await ForestApi.JsonAsync(held))["errors"]![0]!;
        var statusWhileHeld = await StatusesAsync(3, 4);
        var approvalId = heldError["data"]!["approvalRequestId"]!.GetValue<string>();
        var approved = await admin.Client.PostAsync($"/forest/approvals/{approvalId}/approve", null);
        var approvedBody = await approved.Content.ReadAsStringAsync();
        var again = await admin.Client.PostAsync($"/forest/approvals/{approvalId}/approve", null);

        Assert.Multiple(async () =>
        {
            Assert.That((await ForestApi.ErrorAsync(asPost)).Name, Is.EqualTo("NotFoundError"), "the route answers its declared method only");
            Assert.That(heldError["name"]!.GetValue<string>(), Is.EqualTo("CustomActionRequiresApprovalError"));
            Assert.That(statusWhileHeld, Has.None.EqualTo("archived"));
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), approvedBody);
            Assert.That(approvedBody, Does.Contain("2 archived at the request of manager@forest.demo by admin@forest.demo."));
            Assert.That(await StatusesAsync(3, 4), Is.All.EqualTo("archived"));
            Assert.That(await StatusesAsync(5), Has.None.EqualTo("archived"));
            Assert.That((int)again.StatusCode, Is.EqualTo(409), "decided exactly once");
        });
    }

    private Task<List<string>> StatusesAsync(params int[] ids) =>
        _factory.WithDbAsync(db => db.Companies.Where(c => ids.Contains(c.Id)).Select(c => c.Status).ToListAsync());
}
