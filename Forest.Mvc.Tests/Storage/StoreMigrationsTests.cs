using Forest.Mvc.Storage;
using Forest.Mvc.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forest.Mvc.Tests.Storage;

/// <summary>
/// The store's migrations, read without a database: every provider has the same migrations, in its own assembly
/// or folder, and its snapshot matches the model (so no change to the store can ship without its migration).
/// </summary>
[TestFixture]
public sealed class StoreMigrationsTests
{
    private static ForestStoreContext Context(string provider)
    {
        var options = new DbContextOptionsBuilder<ForestStoreContext>();
        _ = provider switch
        {
            "Sqlite" => options.UseSqlite("Data Source=never-opened.db"),
            "PostgreSql" => options.UseNpgsql("Host=never-opened.invalid;Database=forest"),
            _ => options.UseSqlServer("Server=never-opened.invalid;Database=forest"),
        };
        StoreProvider.Configure(options, [StoreProvider.Sqlite, new PostgreSqlStoreProvider(), new SqlServerStoreProvider()]);
        return new ForestStoreContext(options.Options);
    }

    [TestCase("Sqlite", "Forest.Mvc")]
    [TestCase("PostgreSql", "Forest.Mvc.PostgreSql")]
    [TestCase("SqlServer", "Forest.Mvc.SqlServer")]
    public void EveryProvider_HasTheSameMigrations_InItsOwnAssembly(string provider, string assembly)
    {
        using var store = Context(provider);
        var migrations = store.GetService<IMigrationsAssembly>();

        Assert.That(migrations.Assembly.GetName().Name, Is.EqualTo(assembly));
        Assert.That(store.Database.GetMigrations().Select(id => id[15..]), Is.EqualTo(new[] { "Initial", "ActivityTraceId", "BackgroundJobs", "McpAgents", "ConsolePreferences" }));
        Assert.That(migrations.Migrations.Values.Select(type => type.Namespace).Distinct(), Has.Exactly(1).Items, "one provider's set only");
    }

    [TestCase("Sqlite")]
    [TestCase("PostgreSql")]
    [TestCase("SqlServer")]
    public void TheSnapshotOfEveryProvider_MatchesTheModel(string provider)
    {
        using var store = Context(provider);

        Assert.That(store.Database.HasPendingModelChanges(), Is.False,
            "the store's model changed without a migration for this provider: see Forest.Mvc.StoreDesign/README.md");
    }

    [Test]
    public void TheHistory_IsTheStoresOwnTable_SoAHostsMigrationsInTheSameDatabaseAreNotMixedUp()
    {
        using var store = Context("PostgreSql");

        var script = store.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.That(script, Does.Contain("CREATE TABLE IF NOT EXISTS forest_migrations ("));
        Assert.That(script, Does.Not.Contain("__EFMigrationsHistory"));
    }

    /// <summary>SQL Server is not run on this machine; its script is generated and read instead.</summary>
    [Test]
    public void SqlServer_GetsAnIdempotentScript_OfEveryMigration()
    {
        using var store = Context("SqlServer");

        var script = store.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.That(script, Does.Contain("CREATE TABLE [forest_users]"));
        Assert.That(script, Does.Contain("ALTER TABLE [forest_activity] ADD [TraceId] nvarchar(32) NULL"));
        Assert.That(script, Does.Contain("IF NOT EXISTS").And.Contain("[forest_migrations]"));
        Assert.That(script, Does.Not.Contain("CREATE TABLE IF NOT EXISTS"), "SQL Server has no such statement");
    }
}
