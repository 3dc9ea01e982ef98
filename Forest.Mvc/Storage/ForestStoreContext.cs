using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Storage;

/// <summary>
/// The library's own tables (never the host's data): users of the built-in login for now. Any EF Core relational
/// provider works; it is configured with <c>ForestBuilder.AddStore</c>.
/// </summary>
internal sealed class ForestStoreContext(DbContextOptions<ForestStoreContext> options) : DbContext(options)
{
    public DbSet<StoredUser> Users => Set<StoredUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var user = modelBuilder.Entity<StoredUser>();
        user.ToTable("forest_users");
        user.HasKey(u => u.Id);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.Email).HasMaxLength(320).IsRequired();
        user.Property(u => u.NormalizedEmail).HasMaxLength(320).IsRequired();
        user.Property(u => u.PasswordHash).IsRequired();
    }
}

/// <summary>A user of the built-in login.</summary>
internal sealed class StoredUser
{
    public int Id { get; set; }

    public string Email { get; set; } = "";

    public string NormalizedEmail { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string? Team { get; set; }

    public string? Role { get; set; }

    public string PermissionLevel { get; set; } = "user";

    public string TagsJson { get; set; } = "{}";

    public string PasswordHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
