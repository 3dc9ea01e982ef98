using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// The store's database engine comes from a registered <see cref="IForestStoreProvider"/> (SQLite built in,
/// <c>UsePostgreSqlStore()</c>, <c>UseSqlServerStore()</c>): nothing is loaded by name, and a store on an engine whose
/// package was not registered fails at startup with the package and the call to add. (The PostgreSQL and SQL Server
/// stores themselves run in the Storage tests.)
/// </summary>
[TestFixture]
public sealed class StoreProviderTests
{
    [Test]
    public async Task PostgreSqlStore_WithoutItsPackageCall_FailsAtStartup_NamingPackageAndCall()
    {
        var builder = StartupTests.Builder(LiveDemoFactory.Secret);
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>().AddStore(o => o.UseNpgsql("Host=never-opened.invalid;Database=forest"));
        await using var app = builder.Build();
        app.MapForest();

        var exception = Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.That(exception!.Message, Is.EqualTo(
            "The Forest.Mvc store runs on PostgreSQL: add the package Forest.Mvc.PostgreSql, which holds the store's migrations for it, and call .UsePostgreSqlStore() after AddStore(...)."));
    }

    [Test]
    public async Task SqlServerStore_WithoutItsPackageCall_FailsAtStartup_NamingPackageAndCall()
    {
        var builder = StartupTests.Builder(LiveDemoFactory.Secret);
        builder.Services.AddForest().AddEntityFrameworkCore<CatalogContext>().AddStore(o => o.UseSqlServer("Server=never-opened.invalid;Database=forest"));
        await using var app = builder.Build();
        app.MapForest();

        var exception = Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.That(exception!.Message, Does.Contain("add the package Forest.Mvc.SqlServer").And.Contain(".UseSqlServerStore() after AddStore(...)"));
    }

    [Test]
    public void UseStoreProvider_RegistersEachProviderOnce()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddForest().AddStore(o => o.UseSqlite("Data Source=:memory:")).UsePostgreSqlStore().UsePostgreSqlStore().UseSqlServerStore();

        var providers = services.Where(d => d.ServiceType == typeof(IForestStoreProvider)).Select(d => ((IForestStoreProvider)d.ImplementationInstance!).DisplayName);

        Assert.That(providers, Is.EquivalentTo(new[] { "SQLite", "PostgreSQL", "SQL Server" }));
    }
}
