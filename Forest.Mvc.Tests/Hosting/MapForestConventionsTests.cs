using Forest.Mvc.Hosting;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// <c>MapForest()</c> returns one convention builder: what is added to it reaches every endpoint the library adds
/// (actions, hooks, records, approvals, management, activity, console) and none of the application's own.
/// </summary>
[TestFixture]
public sealed class MapForestConventionsTests
{
    [Test]
    public async Task Conventions_ReachEveryForestEndpoint_AndNoOther()
    {
        var builder = LiveDemoHost.Builder();
        builder.Services.AddForest().AddEntityFrameworkCore<LiveDemoContext>().AddStore(o => o.UseSqlite("Data Source=:memory:")).AddBackgroundJobs().AddMcpServer();
        builder.Services.AddAuthorization(o => o.AddPolicy("ForestAdmins", p => p.RequireAuthenticatedUser()));
        builder.Services.AddCors(o => o.AddPolicy("AdminOrigin", p => p.WithOrigins("https://admin.example.com")));
        await using var app = builder.Build();

        app.MapForest().RequireAuthorization("ForestAdmins").RequireCors("AdminOrigin");
        app.MapGet("/mine", () => "not Forest's");

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var patterns = endpoints.Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')).ToList();
        Assert.That(patterns, Has.Some.EqualTo("/forest/actions/mark-as-live"));
        Assert.That(patterns, Has.Some.EqualTo("/forest/actions/refund/hooks/load"));
        Assert.That(patterns, Has.Some.StartsWith("/forest-admin"));
        Assert.That(patterns, Has.Some.EqualTo("/forest/management/roles"));
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var cors = endpoint.Metadata.GetMetadata<IEnableCorsAttribute>()?.PolicyName;
            if (pattern == "/mine")
            {
                Assert.That((policies, cors), Is.EqualTo((new List<string?>(), (string?)null)), pattern);
            }
            else
            {
                Assert.That(policies, Does.Contain("ForestAdmins"), pattern);
                Assert.That(cors, Is.EqualTo("AdminOrigin"), pattern);
            }
        }
    }
}
