using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Integration;

/// <summary>"Select all" resolved as SQL: filters, search, segment, exclusions and parent context, never a list of ids.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class SelectAllTests(string provider)
{
    private static JsonObject SelectAll(string collection, JsonObject subsetQuery, params string[] excluded) =>
        ForestApi.Body(collection, [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = subsetQuery;
            a["all_records_ids_excluded"] = new JsonArray([.. excluded.Select(e => (JsonNode)e)]);
        });

    private async Task<(LiveDemoFactory Factory, ForestApi Api)> StartAsync(SqlCommandLog? log = null)
    {
        var factory = LiveDemoFactory.For(provider, log, "Development");
        return (factory, await ForestApi.LoginAsync(factory));
    }

    [Test]
    public async Task Suspend_WithFilters_SuspendsExactlyTheMatchingCompaniesExceptTheExcluded()
    {
        var (factory, api) = await StartAsync();
        using var _ = factory;
        var filters = ForestApi.Filters(new
        {
            aggregator = "and",
            conditions = new object[]
            {
                new { field = "status", @operator = "equal", value = "pending" },
                new { field = "headquarter", @operator = "in", value = new[] { "Paris", "London" } },
            },
        });
        var expected = await factory.WithDbAsync(db => db.Companies
            .Where(c => c.Status == "pending" && (c.Headquarter == "Paris" || c.Headquarter == "London")).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
        Assert.That(expected, Has.Count.GreaterThan(2), "the seed must give several matching companies");
        var excluded = expected[0].ToString();

        var response = await api.TriggerAsync("suspend", SelectAll("companies", new JsonObject
        {
            ["fields[companies]"] = "id,name",
            ["page[number]"] = 1,
            ["page[size]"] = 15,
            ["sort"] = "-id",
            ["timezone"] = "Europe/Paris",
            ["filters"] = filters,
        }, excluded));

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Is.EqualTo($"{expected.Count - 1} companies suspended."));
        var suspended = await factory.WithDbAsync(db => db.Companies.Where(c => expected.Contains(c.Id) && c.Status == "suspended").Select(c => c.Id).ToListAsync());
        Assert.That(suspended, Is.EquivalentTo(expected.Skip(1)));
    }

    [Test]
    public async Task Suspend_WithSearchAndSegment_CombinesBoth()
    {
        var (factory, api) = await StartAsync();
        using var _ = factory;
        var expected = await factory.WithDbAsync(db => db.Companies
            .Where(c => c.Status == "pending" && c.Name.ToLower().Contains("acme")).Select(c => c.Id).ToListAsync());
        Assert.That(expected, Is.Not.Empty, "the seed must give pending ACME companies");
        var others = await factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "suspended"));

        var response = await api.TriggerAsync("suspend", SelectAll("companies", new JsonObject { ["search"] = "ACME", ["segment"] = "Pending companies" }));

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Does.StartWith($"{expected.Count} compan"));
        Assert.That(await factory.WithDbAsync(db => db.Companies.CountAsync(c => expected.Contains(c.Id) && c.Status == "suspended")), Is.EqualTo(expected.Count));
        Assert.That(await factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "suspended")), Is.EqualTo(others + expected.Count));
    }

    [Test]
    public async Task Suspend_WithSelectAll_RunsOneUpdateStatement_AndNeverLoadsIds()
    {
        var log = new SqlCommandLog();
        var (factory, api) = await StartAsync(log);
        using var _ = factory;
        log.Clear();

        var response = await api.TriggerAsync("suspend", SelectAll("companies", new JsonObject
        {
            ["filters"] = ForestApi.Filters(new { field = "status", @operator = "not_equal", value = "suspended" }),
        }, "3", "4"));

        Assert.That(response.IsSuccessStatusCode, Is.True);
        var companyCommands = log.Commands.Where(c => c.Contains("\"Companies\"", StringComparison.Ordinal)).ToList();
        Assert.That(companyCommands, Has.Count.EqualTo(1), string.Join("\n---\n", companyCommands));
        Assert.That(companyCommands[0], Does.StartWith("UPDATE"));
    }

    [Test]
    public async Task Validate_WithDateFilterInTheUsersTimeZone_SelectsByLocalDay()
    {
        var (factory, api) = await StartAsync();
        using var _ = factory;
        var since = DateTime.UtcNow.AddDays(-30);
        var expected = await factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.Status != "validated" && t.CreatedAt >= since));

        var response = await api.TriggerAsync("validate", SelectAll("transactions", new JsonObject
        {
            ["filters"] = ForestApi.Filters(new
            {
                aggregator = "and",
                conditions = new object[]
                {
                    new { field = "created_at", @operator = "after", value = since.ToString("O") },
                    new { field = "status", @operator = "not_equal", value = "validated" },
                },
            }),
        }));

        Assert.That((int)response.StatusCode, Is.EqualTo(204));
        Assert.That(await factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.Status != "validated" && t.CreatedAt >= since)), Is.Zero);
        Assert.That(expected, Is.GreaterThan(0));
    }

    [Test]
    public async Task Validate_WithARelationFilter_FollowsTheReference()
    {
        var (factory, api) = await StartAsync();
        using var _ = factory;
        var expected = await factory.WithDbAsync(db => db.Transactions
            .Where(t => t.EmitterCompany!.Status == "live" && t.Amount > 5000).Select(t => t.Id).ToListAsync());

        await api.TriggerAsync("validate", SelectAll("transactions", new JsonObject
        {
            ["filters"] = ForestApi.Filters(new
            {
                aggregator = "and",
                conditions = new object[]
                {
                    new { field = "emitter_company:status", @operator = "equal", value = "live" },
                    new { field = "amount", @operator = "greater_than", value = 5000 },
                },
            }),
        }));

        var validated = await factory.WithDbAsync(db => db.Transactions.Where(t => expected.Contains(t.Id)).Select(t => t.Status).Distinct().ToListAsync());
        Assert.That(validated, Is.EqualTo(new[] { "validated" }));
    }

    [Test]
    public async Task ResetPassword_FromRelatedData_WithSearchAndExclusions_StaysInsideTheParent()
    {
        var (factory, api) = await StartAsync();
        using var _ = factory;
        var users = await factory.WithDbAsync(db => db.Users.Where(u => u.CompanyId == 2).OrderBy(u => u.Id).ToListAsync());
        Assert.That(users, Has.Count.GreaterThanOrEqualTo(2), "the seed must give company 2 several users");
        var body = SelectAll("users", new JsonObject(), users[0].Id.ToString());
        var attributes = body["data"]!["attributes"]!;
        attributes["parent_collection_name"] = "companies";
        attributes["parent_collection_id"] = "2";
        attributes["parent_association_name"] = "users";

        var response = await api.TriggerAsync("reset-password", body);

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Does.StartWith($"Password reset requested for {users.Count - 1} user"));
        var reset = await factory.WithDbAsync(db => db.Users.Where(u => u.PasswordResetRequestedAt != null).Select(u => u.Id).ToListAsync());
        Assert.That(reset, Is.EquivalentTo(users.Skip(1).Select(u => u.Id)));
    }
}
