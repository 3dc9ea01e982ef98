using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Infrastructure;

public enum ProductKind
{
    Book,
    Game,
    Tool,
}

public class Category
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public ICollection<Product> Products { get; set; } = [];
}

public class Product
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Sku { get; set; }

    public double Price { get; set; }

    public int Stock { get; set; }

    public bool Active { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateOnly? ReleaseDate { get; set; }

    public ProductKind Kind { get; set; }

    public Guid ExternalId { get; set; }

    public int? CategoryId { get; set; }

    public Category? Category { get; set; }

    public ICollection<Label> Labels { get; set; } = [];
}

/// <summary>A string-keyed entity in a many-to-many relation with products.</summary>
public class Label
{
    public string Code { get; set; } = "";

    public ICollection<Product> Products { get; set; } = [];
}

/// <summary>An entity keyed by a date: not a supported key type (int, long, Guid, string), so not a collection.</summary>
public class Reading
{
    public DateTime Id { get; set; }

    public double Value { get; set; }
}

/// <summary>A small model covering every column type the filter engine handles, on a real SQLite file.</summary>
public class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Label> Labels => Set<Label>();

    public DbSet<Reading> Readings => Set<Reading>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Label>().HasKey(l => l.Code);

    public static CatalogContext Create(string? path = null) =>
        new(new DbContextOptionsBuilder<CatalogContext>().UseSqlite($"Data Source={path ?? ":memory:"}").Options);
}

/// <summary>The registry discovery builds for <see cref="CatalogContext"/> and the given controllers.</summary>
public static class CatalogRegistry
{
    internal static Forest.Mvc.Discovery.ForestRegistry Build(params Type[] controllers)
    {
        using var db = CatalogContext.Create();
        return Forest.Mvc.Discovery.ForestRegistryFactory.Create(typeof(CatalogContext), "sqlite", db.Model, new Dictionary<Type, Forest.Mvc.CollectionConfiguration>(), controllers);
    }
}

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
