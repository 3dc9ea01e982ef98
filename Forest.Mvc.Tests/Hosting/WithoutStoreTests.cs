using System.Net.Http.Headers;
using Forest.Mvc.Hosting;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// An application without <c>AddStore(...)</c>: the records and the actions work on the data token alone, and every
/// route that needs the store answers a JSON 501 that names the missing call, never a 500.
/// </summary>
[TestFixture]
public sealed class WithoutStoreTests
{
    private string _database = "";
    private WebApplication? _app;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = Path.Combine(Path.GetTempPath(), $"forest-nostore-{Guid.NewGuid():N}.db");
        var builder = LiveDemoHost.Builder("Development", $"Data Source={_database}");
        builder.Configuration["Forest:Environment"] = "Development"; // without a store, permissions are not enforced
        builder.Services.AddForest().AddEntityFrameworkCore<LiveDemoContext>();
        // Background actions need the jobs add-on, which needs a store: the Live Demo's controllers without them.
        builder.Services.AddControllers().ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new WithoutBackgroundActions()));
        _app = builder.Build();
        _app.MapForest();
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LiveDemoContext>().Database.EnsureCreatedAsync();
        }

        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Sign());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Test]
    public async Task Records_AreServedOnTheTokenAlone()
    {
        var response = await _client.GetAsync("/forest/companies?page[number]=1&page[size]=15");

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.JsonAsync(response))["data"]!.AsArray(), Is.Empty);
    }

    [TestCase("GET", "/forest/activity", "management API")]
    [TestCase("GET", "/forest/management/users", "management API")]
    [TestCase("GET", "/forest/management/scopes", "management API")]
    [TestCase("GET", "/forest/management/roles", "management API")]
    [TestCase("GET", "/forest/approvals", "Approvals")]
    public async Task StoreRoutes_Answer501_NamingTheMissingCall(string method, string path, string feature)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var (status, name, detail) = await ForestApi.ErrorAsync(response);
        Assert.That((status, name), Is.EqualTo((501, "NotImplementedError")), detail);
        Assert.That(detail, Does.Contain(feature).And.Contain("AddStore(...)"));
    }

    [TestCase("GET", "/forest/jobs")]
    [TestCase("GET", "/forest/tokens")]
    [TestCase("POST", "/forest/mcp")]
    public async Task AddOnRoutes_DoNotExist_WithoutTheirAddOn(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

        var (status, name, _) = await ForestApi.ErrorAsync(response);
        Assert.That((status, name), Is.EqualTo((404, "NotFoundError")));
    }

    [Test]
    public async Task TheConsole_IsToldThatNoAddOnIsRegistered()
    {
        var index = await _client.GetStringAsync("/forest-admin/");

        Assert.That(index, Does.Contain("<meta name=\"forest-features\" content=\"\">"));
    }

    [Test]
    public async Task Login_Answers501_WhenNoLoginIsConfigured()
    {
        using var anonymous = _app!.GetTestClient();
        var response = await anonymous.PostAsync("/forest/authentication", new StringContent("{\"email\":\"a@b.c\",\"password\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));

        var (status, name, detail) = await ForestApi.ErrorAsync(response);
        Assert.That((status, name), Is.EqualTo((501, "NotImplementedError")), detail);
        Assert.That(detail, Does.Contain("IForestLoginService"));
    }
}

/// <summary>Leaves out the controllers that declare a background action.</summary>
internal sealed class WithoutBackgroundActions : Microsoft.AspNetCore.Mvc.ApplicationParts.IApplicationFeatureProvider<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeature>
{
    public void PopulateFeature(IEnumerable<Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPart> parts, Microsoft.AspNetCore.Mvc.Controllers.ControllerFeature feature)
    {
        foreach (var controller in feature.Controllers.Where(c => c.GetMethods().Any(m => m.GetCustomAttributes(typeof(SmartActionAttribute), true).OfType<SmartActionAttribute>().Any(a => a.Background))).ToList())
        {
            feature.Controllers.Remove(controller);
        }
    }
}
