using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Benchmarks;

public class Account
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public int Region { get; set; }
}

public class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public static BenchContext Open(string path) => new(new DbContextOptionsBuilder<BenchContext>().UseSqlite($"Data Source={path}").Options);

    /// <summary>A new SQLite file holding <paramref name="rows"/> pending accounts (regions 0–9), and its registry.</summary>
    internal static (string Path, ForestRegistry Registry) CreateAccounts(int rows)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"forest-bench-{Guid.NewGuid():N}.db");
        using var db = Open(path);
        db.Database.EnsureCreated();
        db.Database.ExecuteSql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
            INSERT INTO Accounts (Name, Status, Region) SELECT 'Account ' || i, 'pending', i % 10 FROM n
            """);
        return (path, ForestRegistryFactory.Create(typeof(BenchContext), "sqlite", db.Model, new Dictionary<Type, CollectionConfiguration>(), []));
    }
}

/// <summary>
/// "Select all" on a filtered list, then suspend: the v1 agents' way (page the ids 4 000 at a time sorted by key,
/// then UPDATE … WHERE id IN (…)) against Forest.Mvc's selection predicate (one UPDATE … WHERE).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SelectAllBenchmark
{
    private string _path = "";
    private ForestRegistry _registry = null!;
    private ListQuery _query = null!;

    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_path, _registry) = BenchContext.CreateAccounts(Rows);
        var filters = JsonSerializer.Serialize(new { field = "region", @operator = "less_than", value = 8 });
        _query = new ListQuery { Filters = ConditionNode.Parse(filters) };
    }

    [IterationSetup]
    public void Reset()
    {
        using var db = Create();
        db.Accounts.ExecuteUpdate(s => s.SetProperty(a => a.Status, "pending"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "v1 agents: page ids by 4000, then UPDATE IN")]
    public async Task<int> PagedIdsThenUpdate()
    {
        await using var db = Create();
        var collection = _registry.FindCollection("accounts")!;
        var builder = new RecordsQueryBuilder(_registry, TimeProvider.System);
        var ids = new List<int>();
        for (var page = 0; ; page++)
        {
            var batch = await builder.Filter(db.Accounts.AsNoTracking(), collection, _query)
                .OrderBy(a => a.Id).Skip(page * 4000).Take(4000).Select(a => a.Id).ToListAsync();
            ids.AddRange(batch);
            if (batch.Count < 4000)
            {
                break;
            }
        }

        var updated = 0;
        foreach (var chunk in ids.Chunk(4000))
        {
            updated += await db.Accounts.Where(a => chunk.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, "suspended"));
        }

        return updated;
    }

    [Benchmark(Description = "Forest.Mvc: selection predicate, one UPDATE")]
    public async Task<int> SelectionPredicate()
    {
        await using var db = Create();
        var collection = _registry.FindCollection("accounts")!;
        var builder = new RecordsQueryBuilder(_registry, TimeProvider.System);
        return await builder.Filter(db.Accounts, collection, _query).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, "suspended"));
    }

    private BenchContext Create() => BenchContext.Open(_path);
}
