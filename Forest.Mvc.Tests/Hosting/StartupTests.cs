using Forest.Mvc.Hosting;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>Misconfiguration stops the application at startup with a message saying what to do.</summary>
[TestFixture]
public sealed class StartupTests
{
    internal static WebApplicationBuilder Builder(string? secret)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["FOREST_AUTH_SECRET"] = null;
        builder.Configuration["Forest:AuthSecret"] = secret;
        builder.Configuration["Forest:SchemaFilePath"] = "";
        builder.Services.AddDbContext<CatalogContext>(o => o.UseSqlite("Data Source=:memory:"));
        return builder;
    }

    [TestCase(null, "Forest:AuthSecret (or the FOREST_AUTH_SECRET environment variable, or Forest:AuthSecrets) is required")]
    [TestCase("too-short", "Forest:AuthSecret is 9 bytes long; at least 32 bytes are required for HS256.")]
    public async Task Start_WithoutAStrongSecret_Fails(string? secret, string message)
    {
        var builder = Builder(secret);
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>();
        await using var app = builder.Build();

        var exception = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            app.MapForest();
            await app.StartAsync();
        });

        Assert.That(exception!.Message, Does.Contain(message));
    }

    [Test]
    public async Task MapForest_WithoutAddForest_SaysWhatToCall()
    {
        await using var app = Builder(LiveDemoFactory.Secret).Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapForest());

        Assert.That(exception!.Message, Is.EqualTo("Forest.Mvc's services are missing: call builder.Services.AddForest() before app.MapForest()."));
    }

    [Test]
    public async Task MapForest_WithoutADataSource_SaysWhatToCall()
    {
        var builder = Builder(LiveDemoFactory.Secret);
        builder.Services.AddForest();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapForest());

        Assert.That(exception!.Message, Does.Contain("call AddEntityFrameworkCore<YourDbContext>()"));
    }

    [Test]
    public async Task Start_WithAGoodSecret_ServesTheSchemaOfTheModel()
    {
        var builder = Builder(LiveDemoFactory.Secret);
        var store = Path.Combine(Path.GetTempPath(), $"forest-store-{Guid.NewGuid():N}.db");
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>(m => m.Collection<Product>(p => p.Named("items")))
            .AddStore(o => o.UseSqlite($"Data Source={store}"));
        await using var app = builder.Build();
        app.MapForest();
        await app.StartAsync();
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Sign());

        var schema = await client.GetStringAsync("/forest/schema");

        Assert.That(schema, Does.Contain("\"name\": \"items\"").And.Contain("\"name\": \"categories\""));
        await app.StopAsync();
    }

    [Test]
    public async Task Production_WithoutAStore_SaysWhereRolesLive()
    {
        var builder = Builder(LiveDemoFactory.Secret);
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapForest());

        Assert.That(exception!.Message, Does.StartWith("Forest.Mvc enforces roles and permissions (Forest:Environment is Production) and keeps them in its store: call AddStore(...)"));
    }

    [Test]
    public async Task DevelopmentEnvironment_IsRefused_WhenTheHostRunsInProduction()
    {
        var builder = Builder(LiveDemoFactory.Secret);
        builder.Configuration["Forest:Environment"] = "Development";
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapForest());

        Assert.That(exception!.Message, Does.StartWith("Forest:Environment is Development, which enforces no permission, scope or approval, but the application runs in Production."));
    }
}
