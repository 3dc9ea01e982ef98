using System.Data.Common;
using System.Text.Json;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forest.Mvc.Storage;

/// <summary>Creates the library's tables when missing and adds the seeded users, before the server starts.</summary>
internal sealed class ForestStoreInitializer(IServiceScopeFactory scopes, ForestSetup setup, TimeProvider time) : IHostedService
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

        if (!await TableExistsAsync(store, cancellationToken).ConfigureAwait(false))
        {
            await creator.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
        }

        var hasher = new PasswordHasher<StoredUser>();
        foreach (var seed in setup.Users)
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
            };
            user.PasswordHash = hasher.HashPassword(user, seed.Password);
            store.Users.Add(user);
        }

        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Probes the users table with plain ADO.NET, so that a missing table is not logged as an EF Core error.</summary>
    private static async Task<bool> TableExistsAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var table = store.GetService<ISqlGenerationHelper>().DelimitIdentifier("forest_users");
        var connection = store.Database.GetDbConnection();
        await store.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT 1 FROM {table} WHERE 1 = 0";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
        finally
        {
            await store.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
