using System.Diagnostics;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Mcp;

/// <summary>Fail closed over MCP: while the database is locked by another process, an action tool answers an error within seconds and changes nothing.</summary>
[TestFixture]
public sealed class McpFaultTests : McpFixture
{
    protected override (string Key, string? Value)[] Settings => [("Forest:DatabaseTimeout", "00:00:01")];

    [Test]
    public async Task WhileTheDatabaseIsLocked_AnActionTool_IsAnErrorWithinSeconds_AndChangesNothing()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        await using var admin = await ConnectAsync("admin");
        var watch = Stopwatch.StartNew();
        ModelContextProtocol.Protocol.CallToolResult result;
        await using (var locked = new SqliteConnection($"Data Source={Path.Combine(Factory.Directory, "livedemo.db")};Pooling=False"))
        {
            await locked.OpenAsync();
            await using (var begin = locked.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            result = await admin.CallToolAsync("companies__mark-as-live", new Dictionary<string, object?> { ["ids"] = new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }

        Assert.Multiple(async () =>
        {
            Assert.That(result.IsError, Is.True, Text(result));
            Assert.That(Text(result), Does.Contain("unavailable"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
            Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()), Is.EqualTo(CompanyStatus.Pending));
        });
    }
}
