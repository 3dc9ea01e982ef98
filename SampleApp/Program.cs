using FluentValidation;
using Forest.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SampleApp.Data;
using SampleApp.Services;

var builder = WebApplication.CreateBuilder(args);

// Everything the Live Demo keeps lives in App_Data beside the project, created on first start.
var dataDirectory = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
Directory.CreateDirectory(dataDirectory);
LiveDemoSecret.EnsureConfigured(builder, dataDirectory);
var liveDemoDatabase = builder.Configuration.GetConnectionString("LiveDemo") ?? $"Data Source={Path.Combine(dataDirectory, "livedemo.db")}";
var forestStore = builder.Configuration.GetConnectionString("ForestStore") ?? $"Data Source={Path.Combine(dataDirectory, "forest-store.db")}";

// LiveDemo:Provider chooses the database of both the demo data and the library's store: Sqlite (default) or
// PostgreSql (then ConnectionStrings:LiveDemo and ConnectionStrings:ForestStore are Npgsql connection strings).
var provider = builder.Configuration["LiveDemo:Provider"] ?? "Sqlite";
var postgres = provider switch
{
    _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
    _ when provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) => true,
    _ => throw new InvalidOperationException($"LiveDemo:Provider is '{provider}': use Sqlite or PostgreSql."),
};
if (postgres && (builder.Configuration.GetConnectionString("LiveDemo") is null || builder.Configuration.GetConnectionString("ForestStore") is null))
{
    throw new InvalidOperationException("LiveDemo:Provider is PostgreSql: set ConnectionStrings:LiveDemo and ConnectionStrings:ForestStore (Npgsql connection strings).");
}

void UseDatabase(DbContextOptionsBuilder options, string connectionString)
{
    if (postgres)
    {
        options.UseNpgsql(connectionString);
    }
    else
    {
        options.UseSqlite(connectionString);
    }
}

// Pooled: a request reuses a context instead of building one and its EF Core services (Forest supports both).
builder.Services.AddDbContextPool<LiveDemoContext>(options => UseDatabase(options, liveDemoDatabase));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PaymentGateway>();
builder.Services.AddSingleton<WebhookInbox>();
builder.Services.AddValidatorsFromAssemblyContaining<Program>();

// "Charge credit card" names the rate limit policy "payments": 5 calls a minute per user, unless configured
// otherwise (Forest:RateLimits:payments).
// The Live Demo serves AI agents over MCP at /forest/mcp (off by default in the library), unless configured otherwise.
builder.Configuration["Forest:Mcp:Enabled"] ??= "true";

builder.Services.PostConfigure<ForestOptions>(forest => forest.RateLimits.TryAdd("payments", new ForestRateLimit { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) }));

builder.Services.AddForest()
    .AddEntityFrameworkCore<LiveDemoContext>(model => model
        .Collection<Company>(companies => companies
            .Segment("Live companies", c => c.Status == CompanyStatus.Live)
            .Segment("Pending companies", c => c.Status == CompanyStatus.Pending)
            .ActionEnabledWhen("Mark as Live", c => c.Status != CompanyStatus.Live, "The company was already live!"))
        .Collection<Transaction>(transactions => transactions
            .Segment("Big transactions", t => t.Amount >= 5000))
        .Collection<Charge>(charges => charges.ReferenceField(c => c.Description)))
    .AddStore(options => UseDatabase(options, forestStore)).UsePostgreSqlStore()
    .AddBackgroundJobs()
    .AddMcpServer()
    .AddRole("Admin", role => role.Trigger("*", "*").Approve("*", "*", selfApprove: true).Export())
    .AddRole("Manager", role => role
        .Export("companies")
        .Trigger("companies", "Mark as Live")
        .TriggerWithApproval("companies", "Suspend")
        .TriggerWithApproval("companies", "Re-send invoices")
        .Trigger("customers", "Export customers"))
    .AddRole("Support", role => role.Trigger("companies", "Mark as Live"))
    .AddRole("Viewer", _ => { })
    .AddRole("Accountant", role => role
        .Export("transactions")
        .Trigger("transactions", "Validate", condition: new { field = "status", @operator = "equal", value = "to_validate" })
        .TriggerWithApproval("transactions", "Refund", approvalCondition: new { field = "amount", @operator = "greater_than", value = 1000 })
        .Approve("transactions", "Refund", condition: new { field = "amount", @operator = "less_than", value = 5000 }))
    .AddScope(new ScopeSeed("companies", new { field = "headquarter", @operator = "equal", value = "{{currentUser.tags.city}}" }, Role: "Accountant"))
    .AddScope(new ScopeSeed("transactions", new { field = "emitter_company:headquarter", @operator = "equal", value = "{{currentUser.tags.city}}" }, Role: "Accountant"))
    .AddUser(DemoUser("admin@forest.demo", "Ada", "Admin", "Admin", "admin"))
    .AddUser(DemoUser("manager@forest.demo", "Manon", "Manager", "Manager", "user"))
    .AddUser(DemoUser("support@forest.demo", "Sam", "Support", "Support", "user"))
    .AddUser(DemoUser("viewer@forest.demo", "Victor", "Viewer", "Viewer", "user"))
    .AddUser(DemoUser("accountant@forest.demo", "Alex", "Accountant", "Accountant", "user", team: "Finance", city: "Paris"));

// LiveDemo:OtlpEndpoint (e.g. http://127.0.0.1:4317) exports the library's spans and metrics with OpenTelemetry;
// unset, nothing is exported. The core package itself has no OpenTelemetry dependency.
if (builder.Configuration["LiveDemo:OtlpEndpoint"] is { Length: > 0 } otlp)
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSource("Forest.Mvc").AddOtlpExporter(o => o.Endpoint = new Uri(otlp)))
        .WithMetrics(metrics => metrics.AddMeter("Forest.Mvc").AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
}

builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(options => options.AddForestSmartActions());

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    var scale = app.Configuration.GetValue("LiveDemo:SeedScale", 1.0);
    LiveDemoSeeder.Seed(scope.ServiceProvider.GetRequiredService<LiveDemoContext>(), scale, DateTime.UtcNow);
}

// Swagger (the document and its UI) is served in Development only, unless LiveDemo:ExposeSwagger is true: an API
// description is a map for attackers, so a production deployment exposes it on purpose or not at all.
if (app.Environment.IsDevelopment() || string.Equals(app.Configuration["LiveDemo:ExposeSwagger"], "true", StringComparison.OrdinalIgnoreCase))
{
    app.UseSwagger();
    app.UseSwaggerUI();
}

app.UseCors();
app.MapForest();

app.MapPost("/demo/webhook-inbox", async (HttpRequest request, WebhookInbox inbox) =>
{
    if (!inbox.IsAuthentic(request))
    {
        return Results.Json(new { error = $"The {WebhookInbox.SecretHeader} header is missing or wrong." }, statusCode: 401);
    }

    try
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
        inbox.Add(body.RootElement.Clone());
        return Results.NoContent();
    }
    catch (System.Text.Json.JsonException)
    {
        return Results.Json(new { error = "The body must be JSON." }, statusCode: 400);
    }
}).ExcludeFromDescription();
app.MapGet("/demo/webhook-inbox", (WebhookInbox inbox) => Results.Json(inbox.Calls))
    .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = Forest.Mvc.Security.ForestAuthenticationDefaults.Scheme })
    .ExcludeFromDescription();
app.MapGet("/", () => Results.Redirect("/forest-admin/")).ExcludeFromDescription();

app.Run();

static ForestUserSeed DemoUser(string email, string firstName, string lastName, string role, string level, string team = "Operations", string? city = null) => new()
{
    Email = email,
    Password = "livedemo",
    FirstName = firstName,
    LastName = lastName,
    Team = team,
    Role = role,
    PermissionLevel = level,
    Tags = city is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["city"] = city },
};

/// <summary>The Live Demo's entry point (public for integration tests).</summary>
public partial class Program;
