using System.Text.Json;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forest.Mvc.Storage;

/// <summary>Creates the library's tables when missing and adds the seeded users, before the server starts.</summary>
internal sealed class ForestStoreInitializer(IServiceScopeFactory scopes, ForestSetup setup, TimeProvider time, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        var creator = store.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (store.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // Write-ahead logging: reads (authentication, permissions) go on while another connection writes.
            await store.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await StoreSchemaUpgrade.RunAsync(store, cancellationToken).ConfigureAwait(false);
        await StoreSeeder.SeedRolesAsync(store, setup, cancellationToken).ConfigureAwait(false);

        var hasher = new PasswordHasher<StoredUser>();
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

        // Seeding may have changed the rules: every instance reloads them.
        await scope.ServiceProvider.GetRequiredService<Permissions.ForestRules>().BumpAsync(store, cancellationToken).ConfigureAwait(false);
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
