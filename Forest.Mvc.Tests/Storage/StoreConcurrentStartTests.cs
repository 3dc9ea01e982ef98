using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Storage;

/// <summary>
/// Three instances of one deployment starting at the same moment on one store: the migrations run once, a 0.1.0
/// store is adopted once, and the seeded roles, users and scopes are not doubled.
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("PostgreSql")]
public sealed class StoreConcurrentStartTests(string provider)
{
    private static async Task<List<WebApplication>> StartThreeAsync(StoreDatabase database)
    {
        var hosts = Enumerable.Range(0, 3).Select(_ => database.Host()).ToList();
        using var go = new Barrier(3);

        // Each on its own thread, released together, so that the startups really overlap.
        await Task.WhenAll(hosts.Select(host => Task.Run(async () =>
        {
            go.SignalAndWait(TimeSpan.FromSeconds(30));
            await host.StartAsync();
        })));
        return hosts;
    }

    private static async Task AssertOneDeploymentAsync(StoreDatabase database, List<WebApplication> hosts)
    {
        await using var store = database.Context();
        var applied = (await store.Database.GetAppliedMigrationsAsync()).ToList();
        var roles = await store.Roles.Select(r => r.Name).ToListAsync();
        var users = await store.Users.Select(u => u.NormalizedEmail).ToListAsync();
        var scopes = await store.Scopes.CountAsync(s => s.Role == "Clerk");

        Assert.That(applied, Is.EqualTo(store.Database.GetMigrations()));
        Assert.That(roles, Is.Unique.And.Contains("Admin").And.Contains("Clerk"));
        Assert.That(users, Is.Unique.And.Contains("ADMIN@STORE.TEST").And.Contains("CLERK@STORE.TEST"));
        Assert.That(scopes, Is.EqualTo(1));
        foreach (var host in hosts)
        {
            var login = await host.GetTestClient().PostAsJsonAsync("/forest/authentication", new { email = "clerk@store.test", password = "store-password-1" });
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    private static async Task StopAsync(List<WebApplication> hosts)
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task OnAnEmptyDatabase_TheStoreIsCreatedOnce()
    {
        using var database = new StoreDatabase(provider);

        var hosts = await StartThreeAsync(database);

        try
        {
            await AssertOneDeploymentAsync(database, hosts);
        }
        finally
        {
            await StopAsync(hosts);
        }
    }

    [Test]
    public async Task OnA010Store_ItIsAdoptedOnce_AndKeepsItsUsers()
    {
        using var database = new StoreDatabase(provider);
        await database.RestoreLegacyAsync();

        var hosts = await StartThreeAsync(database);

        try
        {
            await AssertOneDeploymentAsync(database, hosts);
            await using var store = database.Context();
            Assert.That(await store.Users.CountAsync(u => u.NormalizedEmail.EndsWith("@FOREST.DEMO")), Is.EqualTo(6), "the five demo users and legacy@forest.demo");
            Assert.That(await store.Activity.CountAsync(), Is.GreaterThanOrEqualTo(2));
        }
        finally
        {
            await StopAsync(hosts);
        }
    }
}
