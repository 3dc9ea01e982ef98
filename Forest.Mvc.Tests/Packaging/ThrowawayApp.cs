namespace Forest.Mvc.Tests.Packaging;

/// <summary>The files of the throwaway application built against the packed packages.</summary>
internal static class ThrowawayApp
{
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

    public static string Project(string version) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Forest.Mvc" Version="{version}" />
            <PackageReference Include="Forest.Mvc.Swashbuckle" Version="{version}" />
            <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
            <PackageReference Include="Swashbuckle.AspNetCore" Version="11.0.1" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>The getting-started example: one <c>using Forest.Mvc;</c> for everything Forest.</summary>
    public const string Program =
        """
        using Forest.Mvc;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        var builder = WebApplication.CreateBuilder(args);
        var data = Path.Combine(AppContext.BaseDirectory, "data");
        Directory.CreateDirectory(data);
        builder.Services.AddDbContext<HelpdeskContext>(o => o.UseSqlite($"Data Source={Path.Combine(data, "helpdesk.db")}"));
        builder.Services.AddForest()
            .AddEntityFrameworkCore<HelpdeskContext>()
            .AddStore(o => o.UseSqlite($"Data Source={Path.Combine(data, "forest.db")}"))
            .AddRole("Admin", role => role.Trigger("*", "*"))
            .AddUser(new ForestUserSeed { Email = "ada@example.com", Password = "throwaway-password", Role = "Admin", PermissionLevel = "admin" });
        builder.Services.AddSwaggerGen(o => o.AddForestSmartActions());

        var app = builder.Build();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskContext>();
            db.Database.EnsureCreated();
            if (!db.Tickets.Any())
            {
                db.Tickets.Add(new Ticket { Title = "Printer on fire" });
                db.SaveChanges();
            }
        }

        app.UseSwagger();
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
        }
        """;
}
