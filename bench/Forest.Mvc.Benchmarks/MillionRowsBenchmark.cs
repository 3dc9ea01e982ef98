using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Benchmarks;

/// <summary>
/// 1 000 000 accounts in a SQLite file. A list page with a search (15 rows and the count), and a "select all"
/// update of 200 000 of them, each against the SQL a developer would write by hand, run raw with ADO.NET.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MillionRowsBenchmark
{
    private const int Rows = 1_000_000;
    private string _path = "";
    private ForestRegistry _registry = null!;
    private ListQuery _search = null!;
    private ListQuery _selectAll = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_path, _registry) = BenchContext.CreateAccounts(Rows);
        _search = new ListQuery { Search = "account 12345" };
        _selectAll = new ListQuery { Filters = ConditionNode.Parse(JsonSerializer.Serialize(new { field = "region", @operator = "less_than", value = 2 })) };
    }

    [IterationSetup(Targets = [nameof(RawUpdate), nameof(SelectAllUpdate)])]
    public void Reset()
    {
        using var connection = Open();
        Execute(connection, "UPDATE Accounts SET Status = 'pending' WHERE Status <> 'pending'");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "search: raw SQL over the same text columns (LIKE, LIMIT 15, COUNT)")]
    [BenchmarkCategory("search")]
    public async Task<long> RawSearch()
    {
        await using var connection = Open();
        await using var page = connection.CreateCommand();
        page.CommandText = "SELECT Id, Name, Status, Region FROM Accounts WHERE Name LIKE @p OR Status LIKE @p ORDER BY Id LIMIT 15";
        page.Parameters.AddWithValue("@p", "%account 12345%");
        var read = 0L;
        await using (var reader = await page.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                read += reader.GetInt64(0);
            }
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Accounts WHERE Name LIKE @p OR Status LIKE @p";
        count.Parameters.AddWithValue("@p", "%account 12345%");
        return read + (long)(await count.ExecuteScalarAsync())!;
    }

    [Benchmark(Description = "search: Forest.Mvc list page + count")]
    [BenchmarkCategory("search")]
    public async Task<long> ForestSearch()
    {
        await using var db = Create();
        var collection = _registry.FindCollection("accounts")!;
        var builder = new RecordsQueryBuilder(_registry, TimeProvider.System);
        var filtered = builder.Filter(db.Accounts.AsNoTracking(), collection, _search);
        var page = await RecordsQueryBuilder.Sort(filtered, collection, null).Take(15).ToListAsync();
        return page.Sum(a => (long)a.Id) + await builder.Filter(db.Accounts, collection, _search).CountAsync();
    }

    [Benchmark(Baseline = true, Description = "select-all: raw UPDATE … WHERE Region < 2")]
    [BenchmarkCategory("update")]
    public int RawUpdate()
    {
        using var connection = Open();
        return Execute(connection, "UPDATE Accounts SET Status = 'suspended' WHERE Region < 2");
    }

    [Benchmark(Description = "select-all: Forest.Mvc selection predicate, one UPDATE")]
    [BenchmarkCategory("update")]
    public async Task<int> SelectAllUpdate()
    {
        await using var db = Create();
        var collection = _registry.FindCollection("accounts")!;
        var builder = new RecordsQueryBuilder(_registry, TimeProvider.System);
        return await builder.Filter(db.Accounts, collection, _selectAll).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, "suspended"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        return connection;
    }

    private static int Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private BenchContext Create() => BenchContext.Open(_path);
}
