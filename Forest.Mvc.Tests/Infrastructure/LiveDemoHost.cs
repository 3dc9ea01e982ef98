using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// A host of the Live Demo's controllers and context on a test server, with the tests' secret, for tests that register
/// Forest.Mvc themselves (without the Live Demo's Program): which add-ons, which store.
/// </summary>
internal static class LiveDemoHost
{
    public static WebApplicationBuilder Builder(string environment = "Production", string database = "Data Source=:memory:")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(global::SampleApp.Controllers.CompaniesController).Assembly.GetName().Name,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration["Forest:AuthSecret"] = LiveDemoFactory.Secret;
        builder.Configuration["Forest:SchemaFilePath"] = "";
        builder.Configuration["Forest:RateLimits:payments:PermitLimit"] = "5"; // the Live Demo's Charge credit card names it
        builder.Services.AddDbContext<LiveDemoContext>(o => o.UseSqlite(database));
        return builder;
    }
}
