using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forest.Mvc.Tests.Storage;

/// <summary>
/// <c>Forest:MigrateStoreOnStartup = false</c>, for teams that apply DDL themselves: startup changes no table, and
/// refuses to start while migrations are pending, naming them; once the team ran the script, it starts.
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("PostgreSql")]
public sealed class StoreMigrationOptionTests(string provider)
{
    private static readonly (string, string) Off = ("Forest:MigrateStoreOnStartup", "false");

    [Test]
    public async Task WithMigrationsOff_AnEmptyStore_StopsTheStartup_NamingThePendingMigrations()
    {
        using var database = new StoreDatabase(provider);
        await database.CreateEmptyAsync();
        await using var host = database.Host(settings: Off);

        var exception = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.That(exception!.Message, Does.StartWith("The Forest.Mvc store lacks 5 migration(s): ").And.Contain("_Initial, ").And.Contain("_ActivityTraceId, ").And.Contain("_BackgroundJobs, ").And.Contain("_McpAgents, ").And.Contain("_ConsolePreferences."));
        Assert.That(exception.Message, Does.Contain("Forest:MigrateStoreOnStartup is false"));
        await using var store = database.Context();
        Assert.That(await store.Database.GetAppliedMigrationsAsync(), Is.Empty, "nothing was created");
    }

    [Test]
    public async Task WithMigrationsOff_AfterTheTeamRanTheScript_TheApplicationStarts()
    {
        using var database = new StoreDatabase(provider);
        await database.CreateEmptyAsync();
        string script;
        await using (var store = database.Context())
        {
            // What `dotnet ef migrations script` writes (idempotent where the provider can; SQLite cannot).
            script = store.GetService<IMigrator>().GenerateScript(options: provider == "Sqlite" ? MigrationsSqlGenerationOptions.Default : MigrationsSqlGenerationOptions.Idempotent);
        }

        await database.RunScriptAsync(script);
        await using var host = database.Host(settings: Off);
        await host.StartAsync();

        var login = await host.GetTestClient().PostAsJsonAsync("/forest/authentication", new { email = "admin@store.test", password = "store-password-1" });

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the seeded users were added to the tables the team created");
        await host.StopAsync();
    }
}
