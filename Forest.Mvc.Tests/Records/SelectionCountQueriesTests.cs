using System.Linq.Expressions;
using System.Text.Json;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Records;

/// <summary>
/// The counts of an action on one record run as compiled queries, reused whatever the values of the rules: each
/// answer is the one the rule gives on the data, and a rule holding a value computed on the client (the clock, a
/// captured variable) is never compiled, so that its value is never frozen.
/// </summary>
[TestFixture]
public sealed class SelectionCountQueriesTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);
    private string _path = "";
    private CollectionDescriptor _products = null!;
    private RecordsQueryBuilder _builder = null!;
    private List<Product> _all = null!;

    [OneTimeSetUp]
    public void CreateDatabase()
    {
        _path = Path.Combine(Path.GetTempPath(), $"forest-counts-{Guid.NewGuid():N}.db");
        using var db = CatalogContext.Create(_path);
        db.Database.EnsureCreated();
        var category = new Category { Title = "Board games" };
        for (var i = 1; i <= 12; i++)
        {
            db.Products.Add(new Product
            {
                Name = $"Product {i}",
                Sku = i % 3 == 0 ? null : $"SKU-{i}",
                Stock = i % 4,
                CreatedAt = Now.AddDays(-i),
                Category = i % 2 == 0 ? category : null,
            });
        }

        db.SaveChanges();
        var registry = CatalogRegistry.Build();
        _products = registry.FindCollection("products")!;
        _builder = new RecordsQueryBuilder(registry, new FixedTime(Now));
        _all = db.Products.Include(p => p.Category).AsNoTracking().ToList();
    }

    [OneTimeTearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private LambdaExpression Rule(object tree) =>
        _builder.Predicate<Product>(_products, ConditionNode.Parse(JsonSerializer.Serialize(tree))!, TimeZoneInfo.Utc);

    private static object Leaf(string field, string op, object? value = null) => new { field, @operator = op, value };

    private async Task<int[]?> CountAsync(SelectionCountQueries<Product> queries, int id, Expression<Func<Product, bool>>? scope, params LambdaExpression[] predicates)
    {
        using var db = CatalogContext.Create(_path);
        var rows = queries.TryRun(new SelectionByKey<Product>(queries, db, id, scope), predicates);
        if (rows is null)
        {
            return null;
        }

        await foreach (var row in rows)
        {
            return row;
        }

        return new int[predicates.Length + 1];
    }

    private int[] Expected(int id, Func<Product, bool>? scope, params Func<Product, bool>[] rules)
    {
        var selected = _all.Where(p => p.Id == id && (scope is null || scope(p))).ToList();
        return [selected.Count, .. rules.Select(rule => selected.Count(rule))];
    }

    [Test]
    public async Task OneShape_ReusedForEveryValue_AnswersEachRecordAndValue()
    {
        var queries = new SelectionCountQueries<Product>(_products.PrimaryKey);
        foreach (var id in new[] { 1, 2, 3, 6, 99 })
        {
            foreach (var name in new[] { "Product 1", "Product 6", "nothing" })
            {
                var counts = await CountAsync(queries, id, null, Rule(Leaf("name", "equal", name)), Rule(Leaf("stock", "in", new[] { 1, 2 })));
                Assert.That(counts, Is.EqualTo(Expected(id, null, p => p.Name == name, p => p.Stock is 1 or 2)), $"id {id}, name {name}");
            }
        }

        Assert.That(queries.Shapes, Is.EqualTo(1), "one compiled query for every id and value");
    }

    [Test]
    public async Task Scope_DateRanges_Relations_AndNull_AreParameters()
    {
        var queries = new SelectionCountQueries<Product>(_products.PrimaryKey);
        foreach (var id in Enumerable.Range(1, 12))
        {
            foreach (var title in new[] { "Board games", "Other" })
            {
                var scope = (Expression<Func<Product, bool>>)Rule(Leaf("category:title", "equal", title));
                var counts = await CountAsync(queries, id, scope, Rule(Leaf("created_at", "previous_x_days", 5)), Rule(Leaf("sku", "equal")));
                Assert.That(counts, Is.EqualTo(Expected(id, p => p.Category?.Title == title, p => p.CreatedAt >= Now.Date.AddDays(-5) && p.CreatedAt < Now.Date, p => p.Sku is null)), $"id {id}, scope {title}");
            }
        }

        Assert.That(queries.Shapes, Is.EqualTo(1));
    }

    [Test]
    public async Task ARuleReadingTheClockOrACapturedVariable_IsNotCompiled()
    {
        var queries = new SelectionCountQueries<Product>(_products.PrimaryKey);
        var threshold = 2;
        Expression<Func<Product, bool>> clock = p => p.CreatedAt < DateTime.UtcNow;
        Expression<Func<Product, bool>> captured = p => p.Stock >= threshold;
        Expression<Func<Product, bool>> constant = p => p.Sku != null;

        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync(queries, 3, null, clock), Is.Null, "DateTime.UtcNow would be frozen at its first value");
            Assert.That(await CountAsync(queries, 3, null, captured), Is.Null, "a captured variable would be frozen at its first value");
            foreach (var id in new[] { 3, 4, 5, 6 })
            {
                Assert.That(await CountAsync(queries, id, null, constant), Is.EqualTo(Expected(id, null, p => p.Sku != null)), "a constant is safe to compile");
            }

            Assert.That(queries.Shapes, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ALongList_SentAsOneParameter_RunsTheUsualWay()
    {
        // Above 64 values a list is one parameter (EF.Parameter), which a compiled query refuses: counted without it.
        var queries = new SelectionCountQueries<Product>(_products.PrimaryKey);
        var stocks = Enumerable.Range(0, 70).ToArray();
        var rule = Rule(Leaf("stock", "in", stocks));

        Assert.That(await CountAsync(queries, 1, null, rule), Is.Null);
        using var db = CatalogContext.Create(_path);
        var byKey = new SelectionByKey<Product>(queries, db, 1, null);
        var selection = new RecordsSelection<Product>(_products, db.Products.Where(p => p.Id == 1), new SelectionSource(false, ["1"], [], null, null, null), null, byKey);
        var counts = await ((IPreparedSelection)selection).CountAsync([new SelectionPredicate("in", rule)], CancellationToken.None);
        Assert.That(counts.Matching["in"], Is.EqualTo(1), "every stock is in the list");
    }
}
