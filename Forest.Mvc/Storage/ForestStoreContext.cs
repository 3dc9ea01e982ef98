using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Storage;

/// <summary>
/// The library's own tables (never the host's data): users, roles, permissions, action settings, scopes,
/// approvals and the activity log. Any EF Core relational provider works; it is configured with
/// <c>ForestBuilder.AddStore</c>. Its tables are the library's business: the type is public only so that a store
/// provider package (<see cref="IForestStoreProvider"/>) can declare the store's migrations for its engine.
/// </summary>
/// <param name="options">The options that <c>AddStore(...)</c> builds.</param>
public sealed class ForestStoreContext(DbContextOptions<ForestStoreContext> options) : DbContext(options)
{
    internal DbSet<StoredUser> Users => Set<StoredUser>();

    internal DbSet<StoredRole> Roles => Set<StoredRole>();

    internal DbSet<StoredPermission> Permissions => Set<StoredPermission>();

    internal DbSet<StoredActionSetting> ActionSettings => Set<StoredActionSetting>();

    internal DbSet<StoredExportPermission> ExportPermissions => Set<StoredExportPermission>();

    internal DbSet<StoredScope> Scopes => Set<StoredScope>();

    internal DbSet<StoredApproval> Approvals => Set<StoredApproval>();

    internal DbSet<StoredActivity> Activity => Set<StoredActivity>();

    internal DbSet<StoredLoginFailure> LoginFailures => Set<StoredLoginFailure>();

    internal DbSet<StoredVersion> Versions => Set<StoredVersion>();

    internal DbSet<StoredJob> Jobs => Set<StoredJob>();

    internal DbSet<StoredJobRecord> JobRecords => Set<StoredJobRecord>();

    internal DbSet<StoredAccessToken> AccessTokens => Set<StoredAccessToken>();

    internal DbSet<StoredAgentFile> AgentFiles => Set<StoredAgentFile>();

    internal DbSet<StoredPreference> Preferences => Set<StoredPreference>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var user = modelBuilder.Entity<StoredUser>();
        user.ToTable("forest_users");
        user.HasKey(u => u.Id);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.Email).HasMaxLength(320).IsRequired();
        user.Property(u => u.NormalizedEmail).HasMaxLength(320).IsRequired();
        user.Property(u => u.PasswordHash).IsRequired();

        modelBuilder.Entity<StoredRole>(role =>
        {
            role.ToTable("forest_roles");
            role.HasIndex(r => r.Name).IsUnique();
        });
        modelBuilder.Entity<StoredPermission>(permission =>
        {
            permission.ToTable("forest_permissions");
            permission.HasIndex(p => new { p.RoleId, p.Collection, p.Action }).IsUnique();
            permission.Property(p => p.Trigger).HasConversion<string>();
        });
        modelBuilder.Entity<StoredExportPermission>(export =>
        {
            export.ToTable("forest_export_permissions");
            export.HasIndex(e => new { e.RoleId, e.Collection }).IsUnique();
        });
        modelBuilder.Entity<StoredActionSetting>(setting =>
        {
            setting.ToTable("forest_action_settings");
            setting.HasIndex(s => new { s.Collection, s.Action }).IsUnique();
        });
        modelBuilder.Entity<StoredScope>().ToTable("forest_scopes");
        modelBuilder.Entity<StoredApproval>(approval =>
        {
            approval.ToTable("forest_approvals");
            approval.HasIndex(a => new { a.Status, a.CreatedAt });
            approval.HasIndex(a => a.RequesterId);
        });
        modelBuilder.Entity<StoredVersion>(version =>
        {
            version.ToTable("forest_versions");
            version.Property(v => v.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<StoredLoginFailure>(failure =>
        {
            failure.ToTable("forest_login_failures");
            failure.HasKey(f => f.Account);
            failure.Property(f => f.Account).HasMaxLength(320);
        });
        // Migration BackgroundJobs: background actions' jobs and their per-record reports.
        modelBuilder.Entity<StoredJob>(job =>
        {
            job.ToTable("forest_jobs");
            job.HasIndex(j => new { j.RequesterId, j.CreatedAt });
            job.HasIndex(j => new { j.Status, j.CreatedAt });
            job.Property(j => j.Action).HasMaxLength(200);
            job.Property(j => j.Collection).HasMaxLength(200);
            job.Property(j => j.Status).HasMaxLength(20);
            job.Property(j => j.RunBy).HasMaxLength(200);
            job.HasIndex(j => new { j.ApproverId, j.CreatedAt });
        });
        modelBuilder.Entity<StoredJobRecord>(record =>
        {
            record.ToTable("forest_job_records");
            record.HasIndex(r => new { r.JobId, r.Id });
        });
        modelBuilder.Entity<StoredActivity>(activity =>
        {
            activity.ToTable("forest_activity");
            activity.HasIndex(a => a.At);

            // Since 0.2.0 (migration ActivityTraceId): the log's filters and the link to traces.
            activity.Property(a => a.TraceId).HasMaxLength(32);
            activity.HasIndex(a => a.TraceId);
            activity.HasIndex(a => a.UserEmail);
            activity.HasIndex(a => new { a.Collection, a.Action });

            // Since 0.2.0 (migration McpAgents): calls of AI agents over MCP.
            activity.Property(a => a.Source).HasMaxLength(20);
            activity.Property(a => a.Tool).HasMaxLength(200);
            activity.Property(a => a.Token).HasMaxLength(200);
            activity.HasIndex(a => a.Source);
        });
        modelBuilder.Entity<StoredAccessToken>(token =>
        {
            token.ToTable("forest_access_tokens");
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => new { t.UserId, t.CreatedAt });
            token.Property(t => t.Hash).HasMaxLength(64);
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.Property(t => t.Name).HasMaxLength(100);
            token.Property(t => t.UserEmail).HasMaxLength(320);
        });
        modelBuilder.Entity<StoredAgentFile>(file =>
        {
            file.ToTable("forest_agent_files");
            file.HasIndex(f => f.ExpiresAt);
            file.Property(f => f.Name).HasMaxLength(300);
            file.Property(f => f.ContentType).HasMaxLength(200);
        });

        // Since 0.3.0 (migration ConsolePreferences): each user's console settings (a collection's columns, page size).
        modelBuilder.Entity<StoredPreference>(preference =>
        {
            preference.ToTable("forest_preferences");
            preference.HasKey(p => new { p.UserId, p.Key });
            preference.Property(p => p.UserId).HasMaxLength(200);
            preference.Property(p => p.Key).HasMaxLength(200);
        });
    }
}

/// <summary>One setting of one user's console, as JSON (e.g. key <c>collection:companies</c>: its columns and page size).</summary>
internal sealed class StoredPreference
{
    public string UserId { get; set; } = "";

    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The version of the rules (roles, permissions, settings, scopes, users): one row, incremented on every change.</summary>
internal sealed class StoredVersion
{
    public int Id { get; set; }

    public long Version { get; set; }
}

/// <summary>Failed logins of one account (a normalized email, whether a user has it or not) in the current window.</summary>
internal sealed class StoredLoginFailure
{
    public string Account { get; set; } = "";

    public int Count { get; set; }

    public DateTime WindowStart { get; set; }

    public DateTime? LockedUntil { get; set; }
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

    /// <summary>
    /// Changes when the user logs out, changes password, role or permission level, or is disabled: tokens carry it,
    /// and a token whose stamp differs from the stored one is refused (401), on every instance at once.
    /// </summary>
    public string? SecurityStamp { get; set; }

    /// <summary>When an administrator disabled the user; a disabled user cannot log in and their tokens are refused.</summary>
    public DateTime? DisabledAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}
