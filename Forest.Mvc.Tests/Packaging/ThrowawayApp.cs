namespace Forest.Mvc.Tests.Packaging;

/// <summary>
/// The files of the throwaway applications built against the packed packages: the same helpdesk (tickets, a
/// "Close ticket" action), set up as a team would with the packages it picked.
/// </summary>
internal sealed record ThrowawayApp(string Name, string[] Packages, string Forest, string Actions)
{
    /// <summary>The core package alone: actions, forms, permissions, the console; no jobs, no MCP, no Swagger.</summary>
    public static ThrowawayApp CoreOnly { get; } = new("core", ["Forest.Mvc"], ".AddStore(o => o.UseSqlite($\"Data Source={Path.Combine(data, \"forest.db\")}\"))", "");

    /// <summary>The core, background jobs and Swagger: a background action runs as a job.</summary>
    public static ThrowawayApp WithJobs { get; } = new(
        "jobs",
        ["Forest.Mvc", "Forest.Mvc.Jobs", "Forest.Mvc.Swashbuckle", "Swashbuckle.AspNetCore"],
        """
        .AddStore(o => o.UseSqlite($"Data Source={Path.Combine(data, "forest.db")}"))
            .AddBackgroundJobs(o => o.Threads = 1);
        builder.Services.AddSwaggerGen(o => o.AddForestSmartActions())
        """,
        """

            [SmartAction("Close tickets later", Type = ActionType.Bulk, Background = true)]
            public async Task<IActionResult> CloseLater(CancellationToken ct)
            {
                var closed = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(t => t.Closed, true), ct);
                return Success($"{closed} tickets closed in the background.");
            }
        """);

    /// <summary>The core, the MCP server, and the store on PostgreSQL (its provider package).</summary>
    public static ThrowawayApp WithMcpOnPostgreSql { get; } = new(
        "mcp",
        ["Forest.Mvc", "Forest.Mvc.Mcp", "Forest.Mvc.PostgreSql"],
        """
        .AddStore(o => o.UseNpgsql(builder.Configuration["ForestStore"])).UsePostgreSqlStore()
            .AddMcpServer(o => o.MaxRows = 50)
        """,
        "");

    private static readonly Dictionary<string, string> ThirdParty = new()
    {
        ["Microsoft.EntityFrameworkCore.Sqlite"] = "10.0.15",
        ["Swashbuckle.AspNetCore"] = "11.0.1",
    };

    /// <summary>Only local sources: the fresh feed first, then the machine's package cache for the dependencies.</summary>
    public static string NuGetConfig(string feed, string cache, string packages) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config><add key="globalPackagesFolder" value="{packages}" /></config>
          <packageSources>
            <clear />
            <add key="forest-feed" value="{feed}" />
            <add key="machine-cache" value="{cache}" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="forest-feed"><package pattern="Forest.Mvc*" /></packageSource>
            <packageSource key="machine-cache"><package pattern="*" /></packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    public string Project(string version)
    {
        var references = Packages.Append("Microsoft.EntityFrameworkCore.Sqlite")
            .Select(p => $"""    <PackageReference Include="{p}" Version="{ThirdParty.GetValueOrDefault(p, version)}" />""");
        return $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", references)}
              </ItemGroup>
            </Project>
            """;
    }

    /// <summary>The getting-started example: one <c>using Forest.Mvc;</c> for everything Forest, then this app's packages.</summary>
    public string Program =>
        $$"""
        using Forest.Mvc;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        var builder = WebApplication.CreateBuilder(args);
        var data = Path.Combine(AppContext.BaseDirectory, "data");
        Directory.CreateDirectory(data);
        builder.Services.AddDbContext<HelpdeskContext>(o => o.UseSqlite($"Data Source={Path.Combine(data, "helpdesk.db")}"));
        builder.Services.AddForest()
            .AddEntityFrameworkCore<HelpdeskContext>()
            .AddRole("Admin", role => role.Trigger("*", "*"))
            .AddUser(new ForestUserSeed { Email = "ada@example.com", Password = "throwaway-password", Role = "Admin", PermissionLevel = "admin" })
            {{Forest}};

        var app = builder.Build();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskContext>();
            db.Database.EnsureCreated();
            if (!db.Tickets.Any())
            {
                db.Tickets.AddRange(new Ticket { Title = "Printer on fire" }, new Ticket { Title = "Coffee machine empty" });
                db.SaveChanges();
            }
        }

        {{(Packages.Contains("Forest.Mvc.Swashbuckle") ? "app.UseSwagger();" : "")}}
        app.MapForest();
        app.Run();

        public sealed class Ticket
        {
            public int Id { get; set; }

            public string Title { get; set; } = "";

            public bool Closed { get; set; }
        }

        public sealed class HelpdeskContext(DbContextOptions<HelpdeskContext> options) : DbContext(options)
        {
            public DbSet<Ticket> Tickets => Set<Ticket>();
        }

        public sealed class TicketsController(HelpdeskContext db) : SmartActionsController<Ticket>
        {
            [SmartAction("Close ticket", Type = ActionType.Single)]
            public async Task<IActionResult> Close(CancellationToken ct)
            {
                var ticket = await Selection.SingleAsync(ct);
                ticket.Closed = true;
                await db.SaveChangesAsync(ct);
                return Success($"Ticket {ticket.Id} closed.");
            }
        {{Actions}}
        }
        """;
}
