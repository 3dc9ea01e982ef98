using FluentValidation;
using Forest.Mvc.Hosting;
using Forest.Mvc.OpenApi;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;
using SampleApp.Services;

var builder = WebApplication.CreateBuilder(args);

// Everything the Live Demo keeps lives in App_Data beside the project, created on first start.
var dataDirectory = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
Directory.CreateDirectory(dataDirectory);
LiveDemoSecret.EnsureConfigured(builder, dataDirectory);
var liveDemoDatabase = builder.Configuration.GetConnectionString("LiveDemo") ?? $"Data Source={Path.Combine(dataDirectory, "livedemo.db")}";
var forestStore = builder.Configuration.GetConnectionString("ForestStore") ?? $"Data Source={Path.Combine(dataDirectory, "forest-store.db")}";

builder.Services.AddDbContext<LiveDemoContext>(options => options.UseSqlite(liveDemoDatabase));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PaymentGateway>();
builder.Services.AddSingleton<WebhookInbox>();
builder.Services.AddValidatorsFromAssemblyContaining<Program>();

builder.Services.AddForest()
    .AddEntityFrameworkCore<LiveDemoContext>(model => model
        .Collection<Company>(companies => companies
            .Segment("Live companies", c => c.Status == CompanyStatus.Live)
            .Segment("Pending companies", c => c.Status == CompanyStatus.Pending))
        .Collection<Transaction>(transactions => transactions
            .Segment("Big transactions", t => t.Amount >= 5000)))
    .AddStore(options => options.UseSqlite(forestStore))
    .AddUser(DemoUser("admin@forest.demo", "Ada", "Admin", "Admin", "admin"))
    .AddUser(DemoUser("manager@forest.demo", "Manon", "Manager", "Manager", "user"))
    .AddUser(DemoUser("support@forest.demo", "Sam", "Support", "Support", "user"))
    .AddUser(DemoUser("viewer@forest.demo", "Victor", "Viewer", "Viewer", "user"));

builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(options => options.AddForestSmartActions());

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    var scale = app.Configuration.GetValue("LiveDemo:SeedScale", 1.0);
    LiveDemoSeeder.Seed(scope.ServiceProvider.GetRequiredService<LiveDemoContext>(), scale, DateTime.UtcNow);
}

app.UseSwagger();
app.UseSwaggerUI();
app.UseCors();
app.MapForest();

app.MapPost("/demo/webhook-inbox", async (HttpRequest request, WebhookInbox inbox) =>
{
    using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
    inbox.Add(body.RootElement.Clone());
    return Results.NoContent();
}).ExcludeFromDescription();
app.MapGet("/demo/webhook-inbox", (WebhookInbox inbox) => Results.Json(inbox.Calls)).ExcludeFromDescription();
app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();

app.Run();

static ForestUserSeed DemoUser(string email, string firstName, string lastName, string role, string level) => new()
{
    Email = email,
    Password = "livedemo",
    FirstName = firstName,
    LastName = lastName,
    Team = "Operations",
    Role = role,
    PermissionLevel = level,
};

/// <summary>The Live Demo's entry point (public for integration tests).</summary>
public partial class Program;
