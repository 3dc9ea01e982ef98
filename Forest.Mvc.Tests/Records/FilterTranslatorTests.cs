using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Tests.Records;

/// <summary>Each operator of the condition tree, translated to SQL by EF Core and run on SQLite, against the same rule in C#.</summary>
[TestFixture]
public sealed class FilterTranslatorTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private string _path = "";
    private ForestRegistry _registry = null!;
    private List<Product> _all = null!;

    [OneTimeSetUp]
    public void CreateDatabase()
    {
        _path = Path.Combine(Path.GetTempPath(), $"forest-catalog-{Guid.NewGuid():N}.db");
        using var db = CatalogContext.Create(_path);
        db.Database.EnsureCreated();
        var categories = new[] { new Category { Title = "Reading" }, new Category { Title = "Play" } };
        var labels = new[] { new Label { Code = "new" }, new Label { Code = "sale" } };
        for (var i = 1; i <= 40; i++)
        {
            db.Products.Add(new Product
            {
                Name = $"{(i % 3 == 0 ? "Super" : "Basic")} item {i}",
                Sku = i % 4 == 0 ? null : i % 5 == 0 ? "" : $"SKU-{i:000}",
                Price = i * 2.5,
                Stock = i % 7,
                Active = i % 2 == 0,
                CreatedAt = Now.AddHours(-i * 12),
                ReleaseDate = i % 6 == 0 ? null : DateOnly.FromDateTime(Now).AddDays(-i),
                Kind = (ProductKind)(i % 3),
                ExternalId = new Guid(i, 0, 0, new byte[8]),
                Category = i % 4 == 3 ? null : categories[i % 2],
                Labels = i % 3 == 0 ? [labels[0]] : i % 3 == 1 ? [labels[1]] : [],
            });
        }

        db.SaveChanges();
        _registry = CatalogRegistry.Build();
        _all = db.Products.Include(p => p.Category).AsNoTracking().ToList();
    }

    [OneTimeTearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private List<int> Query(object tree, string timeZone = "UTC")
    {
        using var db = CatalogContext.Create(_path);
        var builder = new RecordsQueryBuilder(_registry, new FixedTime(Now));
        var query = new ListQuery { Filters = ConditionNode.Parse(JsonSerializer.Serialize(tree)), TimeZone = ListQuery.ParseTimeZone(timeZone) };
        return builder.Filter(db.Products, _registry.FindCollection("products")!, query).Select(p => p.Id).OrderBy(id => id).ToList();
    }

    private List<int> Expected(Func<Product, bool> rule) => _all.Where(rule).Select(p => p.Id).Order().ToList();

    private static object Leaf(string field, string op, object? value = null) => new { field, @operator = op, value };

    [Test]
    public void Equal_AndNotEqual_OnText()
    {
        Assert.That(Query(Leaf("name", "equal", "Super item 3")), Is.EqualTo(Expected(p => p.Name == "Super item 3")));
        Assert.That(Query(Leaf("name", "not_equal", "Super item 3")), Is.EqualTo(Expected(p => p.Name != "Super item 3")));
    }

    [Test]
    public void Equal_Null_MeansIsNull()
    {
        Assert.That(Query(Leaf("sku", "equal")), Is.EqualTo(Expected(p => p.Sku is null)).And.Not.Empty);
    }

    [Test]
    public void Comparisons_OnNumbers()
    {
        Assert.That(Query(Leaf("price", "greater_than", 50)), Is.EqualTo(Expected(p => p.Price > 50)));
        Assert.That(Query(Leaf("stock", "less_than", "3")), Is.EqualTo(Expected(p => p.Stock < 3)));
    }

    [Test]
    public void InAndNotIn_AcceptArraysAndCommaLists()
    {
        Assert.That(Query(Leaf("stock", "in", new[] { 1, 2 })), Is.EqualTo(Expected(p => p.Stock is 1 or 2)));
        Assert.That(Query(Leaf("stock", "not_in", "1,2")), Is.EqualTo(Expected(p => p.Stock is not (1 or 2))));
    }

    [Test]
    public void TextOperators()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Query(Leaf("name", "contains", "item 1")), Is.EqualTo(Expected(p => p.Name.Contains("item 1", StringComparison.Ordinal))));
            Assert.That(Query(Leaf("name", "starts_with", "Super")), Is.EqualTo(Expected(p => p.Name.StartsWith("Super", StringComparison.Ordinal))));
            Assert.That(Query(Leaf("name", "ends_with", "7")), Is.EqualTo(Expected(p => p.Name.EndsWith('7'))));
            Assert.That(Query(Leaf("name", "i_contains", "SUPER")), Is.EqualTo(Expected(p => p.Name.Contains("Super", StringComparison.Ordinal))));
            Assert.That(Query(Leaf("sku", "not_contains", "00")), Is.EqualTo(Expected(p => p.Sku is null || !p.Sku.Contains("00", StringComparison.Ordinal))));
        });
    }

    [Test]
    public void PresentAndBlank_TreatEmptyTextAsBlank()
    {
        Assert.That(Query(Leaf("sku", "present")), Is.EqualTo(Expected(p => !string.IsNullOrEmpty(p.Sku))));
        Assert.That(Query(Leaf("sku", "blank")), Is.EqualTo(Expected(p => string.IsNullOrEmpty(p.Sku))));
    }

    [Test]
    public void BooleanEnumAndGuid_Equal()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Query(Leaf("active", "equal", true)), Is.EqualTo(Expected(p => p.Active)));
            Assert.That(Query(Leaf("kind", "equal", "Game")), Is.EqualTo(Expected(p => p.Kind == ProductKind.Game)));
            var external = new Guid(5, 0, 0, new byte[8]);
            Assert.That(Query(Leaf("external_id", "equal", external.ToString())), Is.EqualTo(Expected(p => p.ExternalId == external)).And.Count.EqualTo(1));
        });
    }

    [Test]
    public void RelationField_FollowsTheReference_AndTheBareRelationComparesItsKey()
    {
        var reading = _all.First(p => p.Category?.Title == "Reading").CategoryId;

        Assert.That(Query(Leaf("category:title", "equal", "Reading")), Is.EqualTo(Expected(p => p.Category?.Title == "Reading")));
        Assert.That(Query(Leaf("category", "equal", reading)), Is.EqualTo(Expected(p => p.CategoryId == reading)));
        Assert.That(Query(Leaf("category", "blank")), Is.EqualTo(Expected(p => p.CategoryId is null)));
    }

    [Test]
    public void Aggregators_NestAndAndOr()
    {
        var tree = new
        {
            aggregator = "or",
            conditions = new object[]
            {
                new { aggregator = "and", conditions = new[] { Leaf("active", "equal", true), Leaf("stock", "greater_than", 4) } },
                Leaf("name", "equal", "Basic item 1"),
            },
        };

        Assert.That(Query(tree), Is.EqualTo(Expected(p => (p.Active && p.Stock > 4) || p.Name == "Basic item 1")));
    }

    [Test]
    public void RelativeDates_UseTheClockAndTimeZone()
    {
        var startOfToday = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
        Assert.Multiple(() =>
        {
            Assert.That(Query(Leaf("created_at", "today")), Is.EqualTo(Expected(p => p.CreatedAt >= startOfToday && p.CreatedAt < startOfToday.AddDays(1))));
            Assert.That(Query(Leaf("created_at", "yesterday")), Is.EqualTo(Expected(p => p.CreatedAt >= startOfToday.AddDays(-1) && p.CreatedAt < startOfToday)));
            Assert.That(Query(Leaf("created_at", "previous_x_days", 3)), Is.EqualTo(Expected(p => p.CreatedAt >= startOfToday.AddDays(-3) && p.CreatedAt < startOfToday)));
            Assert.That(Query(Leaf("created_at", "before_x_hours_ago", 100)), Is.EqualTo(Expected(p => p.CreatedAt < Now.AddHours(-100))));
            Assert.That(Query(Leaf("release_date", "previous_month")), Is.EqualTo(Expected(p => p.ReleaseDate is { Month: 10, Year: 2026 })));
            Assert.That(Query(Leaf("created_at", "past")), Has.Count.EqualTo(40));
        });

        // In Tokyo (UTC+9) "today" starts at 15:00 UTC the day before.
        var tokyoStart = new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);
        Assert.That(Query(Leaf("created_at", "today"), "Asia/Tokyo"), Is.EqualTo(Expected(p => p.CreatedAt >= tokyoStart && p.CreatedAt < tokyoStart.AddDays(1))));
    }

    [Test]
    public void DateComparisons_WithIsoValues()
    {
        var limit = Now.AddDays(-5);

        Assert.That(Query(Leaf("created_at", "after", limit.ToString("O"))), Is.EqualTo(Expected(p => p.CreatedAt > limit)));
        Assert.That(Query(Leaf("release_date", "before", "2026-11-01")), Is.EqualTo(Expected(p => p.ReleaseDate < new DateOnly(2026, 11, 1))));
    }

    [TestCase("{\"field\":\"price\",\"operator\":\"contains\",\"value\":\"1\"}", "only applies to text fields")]
    [TestCase("{\"field\":\"name\",\"operator\":\"today\"}", "only applies to date fields")]
    [TestCase("{\"field\":\"kind\",\"operator\":\"equal\",\"value\":\"Car\"}", "is not one of Book, Game, Tool")]
    [TestCase("{\"field\":\"created_at\",\"operator\":\"previous_x_days\",\"value\":\"many\"}", "needs a whole number")]
    [TestCase("{\"field\":\"labels:code\",\"operator\":\"equal\",\"value\":\"new\"}", "'labels' is not a reference")]
    [TestCase("{\"operator\":\"equal\"}", "needs a 'field'")]
    public void WrongConditions_AreRefusedWithTheirReason(string json, string reason)
    {
        var exception = Assert.Throws<ForestRequestException>(() => Query(JsonSerializer.Deserialize<JsonElement>(json)));

        Assert.That(exception!.Message, Does.Contain(reason));
        Assert.That(exception.Status, Is.EqualTo(400));
    }

    [Test]
    public void QueryTheProviderCannotTranslate_IsA400NotA500()
    {
        var untranslatable = new InvalidOperationException("The LINQ expression 'x' could not be translated.\nMore details.") { Source = "Microsoft.EntityFrameworkCore.Relational" };
        var bug = new InvalidOperationException("Sequence contains no elements") { Source = "System.Linq" };

        var refused = Assert.ThrowsAsync<ForestRequestException>(() => Untranslatable.GuardAsync<int>(() => throw untranslatable));
        Assert.ThrowsAsync<InvalidOperationException>(() => Untranslatable.GuardAsync<int>(() => throw bug));

        Assert.That(refused!.Status, Is.EqualTo(400));
        Assert.That(refused.Message, Is.EqualTo("The database cannot run this filter or sort: The LINQ expression 'x' could not be translated."));
    }

    [Test]
    public void ManyToManyParent_RestrictsToTheParentsChildren()
    {
        using var db = CatalogContext.Create(_path);
        var builder = new RecordsQueryBuilder(_registry, new FixedTime(Now));
        var labels = _registry.FindCollection("labels")!;

        var ids = builder.ChildrenOf<Product>(db, labels, "new", labels.FindRelationship("products")!).Select(p => p.Id).OrderBy(i => i).ToList();

        Assert.That(ids, Is.EqualTo(db.Labels.Where(l => l.Code == "new").SelectMany(l => l.Products).Select(p => p.Id).OrderBy(i => i).ToList()).And.Count.EqualTo(13));
    }
}
