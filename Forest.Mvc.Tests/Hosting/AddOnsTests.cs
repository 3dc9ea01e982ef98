using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// Background jobs and MCP are add-ons: registered with <c>AddBackgroundJobs()</c> and <c>AddMcpServer()</c>, never
/// switched on by <c>AddStore</c>; a declaration that needs an absent add-on stops the startup and names it.
/// </summary>
[TestFixture]
public sealed class AddOnsTests
{
    [Test]
    public async Task ABackgroundAction_WithoutTheJobsAddOn_StopsTheStartup_NamingThePackageAndTheCall()
    {
        var builder = LiveDemoHost.Builder();
        builder.Services.AddForest().AddEntityFrameworkCore<LiveDemoContext>().AddStore(o => o.UseSqlite("Data Source=:memory:"));
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapForest());

        Assert.That(exception!.Message, Does.StartWith("Forest.Mvc found 3 errors in the smart action declarations:\n  1. "));
        Assert.That(exception.Message, Does.Contain("'Recompute risk scores' is declared with Background = true, which runs it as a job of the background jobs add-on: add the package Forest.Mvc.Jobs and call .AddBackgroundJobs() after AddStore(...)"));
        Assert.That(exception.Message, Does.Contain("'Re-send invoices'").And.Contain("'Export customers'"));
    }

    [Test]
    public void TheCore_DoesNotReferenceQuartz_TheJobsPackageDoes()
    {
        var core = typeof(ForestUser).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        var jobs = typeof(ForestJobsExtensions).Assembly;

        Assert.That(core, Has.None.StartsWith("Quartz"));
        Assert.That(jobs.GetName().Name, Is.EqualTo("Forest.Mvc.Jobs"));
        Assert.That(jobs.GetReferencedAssemblies().Select(a => a.Name), Has.Some.EqualTo("Quartz"));
    }

    [Test]
    public void TheCore_DoesNotReferenceTheMcpSdk_TheMcpPackageDoes()
    {
        var core = typeof(ForestUser).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        var mcp = typeof(ForestMcpExtensions).Assembly;

        Assert.That(core, Has.None.StartsWith("ModelContextProtocol"));
        Assert.That(mcp.GetName().Name, Is.EqualTo("Forest.Mvc.Mcp"));
        Assert.That(mcp.GetReferencedAssemblies().Select(a => a.Name), Has.Some.StartsWith("ModelContextProtocol"));
    }

    [Test]
    public async Task WithoutTheMcpAddOn_TheMcpEndpointIsNotMapped_AndTheConsoleIsNotToldOfIt()
    {
        var builder = LiveDemoHost.Builder();
        var store = Path.Combine(Path.GetTempPath(), "forest-nomcp-" + Guid.NewGuid().ToString("N") + ".db");
        builder.Services.AddForest().AddEntityFrameworkCore<LiveDemoContext>().AddStore(o => o.UseSqlite($"Data Source={store}")).AddBackgroundJobs();
        await using var app = builder.Build();
        app.MapForest();
        await app.StartAsync();
        var client = app.GetTestClient();

        var mcp = await client.PostAsync("/forest/mcp", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var index = await client.GetStringAsync("/forest-admin/");

        Assert.That((int)mcp.StatusCode, Is.EqualTo(404));
        Assert.That(index, Does.Contain("<meta name=\"forest-features\" content=\"jobs\">"));
        Assert.That(app.Services.GetService<ForestAgentGateway>(), Is.Null, "no agent gateway without an agent add-on");
    }

    [Test]
    public void AddBackgroundJobs_BeforeAddStore_SaysToCallAddStoreFirst()
    {
        var builder = LiveDemoHost.Builder();

        var exception = Assert.Throws<InvalidOperationException>(() => builder.Services.AddForest().AddBackgroundJobs());

        Assert.That(exception!.Message, Is.EqualTo("AddBackgroundJobs() keeps its jobs in the library's store: call AddStore(...) before it."));
    }

    [Test]
    public async Task WithBothAddOns_TheConsoleIsToldOfBoth_AndTheirRoutesAnswer()
    {
        using var factory = new LiveDemoFactory();
        var admin = await ForestApi.LoginAsync(factory);

        var index = await admin.Client.GetStringAsync("/forest-admin/");
        var jobs = await admin.Client.GetAsync("/forest/jobs");
        var tokens = await admin.Client.GetAsync("/forest/tokens");

        Assert.That(index, Does.Contain("<meta name=\"forest-features\" content=\"jobs mcp\">"));
        Assert.That(((int)jobs.StatusCode, (int)tokens.StatusCode), Is.EqualTo((200, 200)));
    }

    [Test]
    public async Task AddMcpServer_Configure_IsAppliedAfterTheConfiguration()
    {
        var builder = LiveDemoHost.Builder();
        builder.Configuration["Forest:Mcp:MaxRows"] = "10";
        builder.Services.AddForest().AddEntityFrameworkCore<LiveDemoContext>().AddStore(o => o.UseSqlite("Data Source=:memory:"))
            .AddBackgroundJobs(o => o.Threads = 2).AddMcpServer(o => o.MaxRows = 7);
        await using var app = builder.Build();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForestOptions>>().Value;

        Assert.That((options.Mcp.MaxRows, options.Mcp.Enabled, options.Jobs.Threads), Is.EqualTo((7, true, 2)));
    }
}
