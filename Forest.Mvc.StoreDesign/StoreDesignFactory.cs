using Forest.Mvc.Storage;
using Forest.Mvc.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Forest.Mvc.StoreDesign;

/// <summary>
/// Gives <c>dotnet ef</c> the store's context on the provider named after <c>--</c> (Sqlite, PostgreSql or
/// SqlServer). No database is opened to add a migration: the connection strings are placeholders.
/// </summary>
internal sealed class StoreDesignFactory : IDesignTimeDbContextFactory<ForestStoreContext>
{
    public ForestStoreContext CreateDbContext(string[] args)
    {
        var provider = args.FirstOrDefault() ?? throw new ArgumentException("Name the provider after --: Sqlite, PostgreSql or SqlServer.");
        var options = new DbContextOptionsBuilder<ForestStoreContext>();
        _ = provider switch
        {
            "Sqlite" => options.UseSqlite("Data Source=design.db"),
            "PostgreSql" => options.UseNpgsql("Host=localhost;Database=forest_design"),
            "SqlServer" => options.UseSqlServer("Server=localhost;Database=forest_design;Trusted_Connection=True"),
            _ => throw new ArgumentException($"Unknown provider '{provider}': use Sqlite, PostgreSql or SqlServer."),
        };
        StoreProvider.Configure(options, [StoreProvider.Sqlite, new PostgreSqlStoreProvider(), new SqlServerStoreProvider()]);
        return new ForestStoreContext(options.Options);
    }
}
