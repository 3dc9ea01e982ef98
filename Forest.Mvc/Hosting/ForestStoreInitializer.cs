using System.Text.Json;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Hosting;

/// <summary>Migrates the library's store (or checks it is migrated) and adds the seeded roles and users, before the server starts.</summary>
internal sealed class ForestStoreInitializer(
    IServiceScopeFactory scopes,
    ForestSetup setup,
    TimeProvider time,
    IConfiguration configuration,
    IPasswordHasher<StoredUser> hasher,
    Microsoft.Extensions.Options.IOptions<ForestOptions> options,
    Microsoft.Extensions.Logging.ILogger<ForestStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        if (store.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // Write-ahead logging: reads (authentication, permissions) go on while another connection writes.
            await store.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        var rules = scope.ServiceProvider.GetRequiredService<Permissions.ForestRules>();
        var engine = Storage.Migrations.StoreProvider.For(store.Database.ProviderName, scope.ServiceProvider.GetServices<IForestStoreProvider>());
        await StoreMigrator.RunAsync(store, engine.StartupLock, options.Value, logger, () => SeedAsync(store, rules, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the roles, scopes and users declared in code that the store lacks, in one serializable transaction.
    /// Instances starting together take turns under the startup lock; where there is none, or an instance of
    /// another version seeds at the same time, a conflict (unique name, serialization failure) is retried.
    /// </summary>
    private async Task SeedAsync(ForestStoreContext store, Permissions.ForestRules rules, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await store.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
                await StoreSeeder.SeedRolesAsync(store, setup, cancellationToken).ConfigureAwait(false);
                await SeedUsersAsync(store, cancellationToken).ConfigureAwait(false);

                // Seeding may have changed the rules: every instance reloads them.
                await rules.BumpAsync(store, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception conflict) when (attempt < MaxSeedAttempts && IsConflict(conflict))
            {
                store.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 200) * attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private const int MaxSeedAttempts = 6;

    /// <summary>A database refusal, possibly wrapped by EF Core (save failures, the execution strategy's "transient failure").</summary>
    private static bool IsConflict(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException)
            {
                return true;
            }
        }

        return false;
    }

    private async Task SeedUsersAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        foreach (var seed in setup.Users.Concat(ConfiguredUsers()))
        {
            var normalized = StoredUser.Normalize(seed.Email);
            if (await store.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var user = new StoredUser
            {
                Email = seed.Email.Trim(),
                NormalizedEmail = normalized,
                FirstName = seed.FirstName,
                LastName = seed.LastName,
                Team = seed.Team,
                Role = seed.Role,
                PermissionLevel = seed.PermissionLevel,
                TagsJson = JsonSerializer.Serialize(seed.Tags),
                CreatedAt = time.GetUtcNow().UtcDateTime,
                SecurityStamp = StoredUser.NewSecurityStamp(),
            };
            user.PasswordHash = hasher.HashPassword(user, seed.Password);
            store.Users.Add(user);
        }

        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Users listed in configuration under <c>Forest:Users</c> (email, password, firstName, lastName, team, role, permissionLevel, tags).</summary>
    private IEnumerable<ForestUserSeed> ConfiguredUsers() =>
        configuration.GetSection("Forest:Users").GetChildren()
            .Where(user => !string.IsNullOrWhiteSpace(user["Email"]) && !string.IsNullOrEmpty(user["Password"]))
            .Select(user => new ForestUserSeed
            {
                Email = user["Email"]!,
                Password = user["Password"]!,
                FirstName = user["FirstName"] ?? "",
                LastName = user["LastName"] ?? "",
                Team = user["Team"],
                Role = user["Role"],
                PermissionLevel = user["PermissionLevel"] ?? "user",
                Tags = user.GetSection("Tags").GetChildren().ToDictionary(tag => tag.Key, tag => tag.Value ?? ""),
            });
}
