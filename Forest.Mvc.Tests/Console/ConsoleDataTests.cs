using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// What the console reads beside the schema: reference fields, declared field order, what the user may do, the page
/// to land on, and each user's columns and page size kept in the store; and sorting a list on a reference's field.
/// </summary>
[TestFixture]
public sealed class ConsoleDataTests
{
    private LiveDemoFactory _demo = null!;

    [OneTimeSetUp]
    public void Start() => _demo = new LiveDemoFactory { Environment = "Production" };

    [OneTimeTearDown]
    public void Stop() => _demo.Dispose();

    [Test]
    public async Task EachCollection_HasItsReferenceField_ByConventionAttributeOrOption_AndItsFieldsInDeclaredOrder()
    {
        var admin = await ForestApi.LoginAsync(_demo);

        var console = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/console"));
        var collections = console["collections"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);

        Assert.Multiple(() =>
        {
            Assert.That(collections["companies"]["referenceField"]!.GetValue<string>(), Is.EqualTo("name"), "convention: Name");
            Assert.That(collections["transactions"]["referenceField"]!.GetValue<string>(), Is.EqualTo("reference"), "convention: Reference");
            Assert.That(collections["users"]["referenceField"]!.GetValue<string>(), Is.EqualTo("email"), "[ReferenceField] over the convention's Title");
            Assert.That(collections["charges"]["referenceField"]!.GetValue<string>(), Is.EqualTo("description"), "ReferenceField(c => c.Description)");
            Assert.That(collections["companies"]["fields"]!.AsArray().Select(f => f!.GetValue<string>()).Take(5), Is.EqualTo(new[] { "id", "name", "industry", "status", "headquarter" }));
            Assert.That(collections["users"]["fields"]!.AsArray().Select(f => f!.GetValue<string>()).Take(4), Is.EqualTo(new[] { "id", "email", "first_name", "last_name" }), "the reference field comes right after the id");
            Assert.That(collections["transactions"]["fields"]!.AsArray().Select(f => f!.GetValue<string>()), Does.Contain("emitter_company"));
        });
    }

    [Test]
    public async Task AViewer_IsToldTheyMayNeitherExportNorRunActions_AnAdminMayDoBoth()
    {
        var admin = await ForestApi.LoginAsync(_demo);
        var viewer = await ForestApi.LoginAsync(_demo, "viewer@forest.demo");

        var asAdmin = Companies(await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/console")));
        var asViewer = Companies(await ForestApi.JsonAsync(await viewer.Client.GetAsync("/forest/console")));
        var export = await viewer.Client.GetAsync("/forest/companies.csv");

        Assert.Multiple(() =>
        {
            Assert.That(asAdmin["canExport"]!.GetValue<bool>(), Is.True);
            Assert.That(asAdmin["actions"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Contain("Mark as Live"));
            Assert.That(asViewer["canExport"]!.GetValue<bool>(), Is.False);
            Assert.That(asViewer["actions"]!.AsArray(), Is.Empty);
            Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the server still refuses what the console hides");
        });
    }

    [Test]
    public async Task AfterLogin_TheConsoleLandsOnTheFirstCollectionWithRecords_OrTheApplicationsHome()
    {
        var admin = await ForestApi.LoginAsync(_demo);
        using var withHome = new LiveDemoFactory(("Forest:ConsoleHome", "transactions"));
        var other = await ForestApi.LoginAsync(withHome);

        var home = (await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/console")))["home"]!.GetValue<string>();
        var first = await _demo.WithDbAsync(async db => (await db.Charges.AnyAsync()) ? "charges" : "companies");
        var configured = (await ForestApi.JsonAsync(await other.Client.GetAsync("/forest/console")))["home"]!.GetValue<string>();

        Assert.That(home, Is.EqualTo(first), "charges come first in the schema; the Live Demo seeds none, so the console does not land on an empty list");
        Assert.That(configured, Is.EqualTo("transactions"));
    }

    [Test]
    public void AHome_ThatIsNotACollection_StopsTheStartup()
    {
        using var demo = new LiveDemoFactory(("Forest:ConsoleHome", "nothing"));

        var exception = Assert.Catch(() => demo.CreateClient());

        Assert.That(exception!.ToString(), Does.Contain("Forest:ConsoleHome is 'nothing', which is not a collection"));
    }

    [Test]
    public async Task AUsersColumnsAndPageSize_AreKept_ForThemOnly_AndBadOnesAreRefusedByName()
    {
        var manager = await ForestApi.LoginAsync(_demo, "manager@forest.demo");
        var support = await ForestApi.LoginAsync(_demo, "support@forest.demo");

        var saved = await manager.Client.PutAsJsonAsync("/forest/console/preferences/transactions", new { columns = new[] { "reference", "amount", "emitter_company" }, pageSize = 50 });
        var unknown = await manager.Client.PutAsJsonAsync("/forest/console/preferences/transactions", new { columns = new[] { "reference", "password" } });
        var size = await manager.Client.PutAsJsonAsync("/forest/console/preferences/transactions", new { pageSize = 1000 });
        var missing = await manager.Client.PutAsJsonAsync("/forest/console/preferences/nothing", new { pageSize = 25 });
        var mine = (await ForestApi.JsonAsync(await manager.Client.GetAsync("/forest/console")))["preferences"]!;
        var theirs = (await ForestApi.JsonAsync(await support.Client.GetAsync("/forest/console")))["preferences"]!;

        Assert.Multiple(async () =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("'password' is not a field of 'transactions'"));
            Assert.That(size.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await size.Content.ReadAsStringAsync(), Does.Contain("pageSize: one of 15, 25, 50, 100"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(mine["transactions"]!.ToJsonString(), Is.EqualTo("""{"columns":["reference","amount","emitter_company"],"pageSize":50}"""), "refused changes left the saved ones as they were");
            Assert.That(theirs["transactions"], Is.Null);
        });
    }

    [Test]
    public async Task AList_IsSortedOnAReferencesField_AndABadRelationIsNamed()
    {
        var admin = await ForestApi.LoginAsync(_demo);

        var sorted = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/transactions?sort=-emitter_company.name&page[size]=100"));
        var wrong = await admin.Client.GetAsync("/forest/transactions?sort=emitter_company.password");
        var expected = await _demo.WithDbAsync(db => db.Transactions.OrderByDescending(t => t.EmitterCompany!.Name).ThenBy(t => t.Id).Take(100).Select(t => t.Id.ToString()).ToListAsync());

        Assert.That(sorted["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(expected));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("sort: 'emitter_company.password' is not a field of a reference of the collection 'transactions'"));
    }

    private static JsonNode Companies(JsonObject console) =>
        console["collections"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "companies")!;
}
