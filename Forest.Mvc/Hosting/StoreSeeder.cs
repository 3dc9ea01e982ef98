using System.Text.Json;
using Forest.Mvc.Hosting;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Hosting;

/// <summary>Adds the roles, permissions and scopes declared in code that the store does not have yet.</summary>
internal static class StoreSeeder
{
    public static async Task SeedRolesAsync(ForestStoreContext store, ForestSetup setup, CancellationToken cancellationToken)
    {
        foreach (var seed in setup.Roles)
        {
            if (await store.Roles.AnyAsync(r => r.Name == seed.Name, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var role = new StoredRole { Name = seed.Name };
            store.Roles.Add(role);
            await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var permission in seed.Permissions)
            {
                permission.RoleId = role.Id;
                store.Permissions.Add(permission);
            }

            store.ExportPermissions.AddRange(seed.Exports.Select(collection => new StoredExportPermission { RoleId = role.Id, Collection = collection }));
        }

        foreach (var seed in setup.Scopes)
        {
            var filter = seed.Filter as string ?? JsonSerializer.Serialize(seed.Filter);
            if (!await store.Scopes.AnyAsync(s => s.Collection == seed.Collection && s.Role == seed.Role && s.Team == seed.Team && s.Filter == filter, cancellationToken).ConfigureAwait(false))
            {
                store.Scopes.Add(new StoredScope { Collection = seed.Collection, Role = seed.Role, Team = seed.Team, Filter = filter });
            }
        }

        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
