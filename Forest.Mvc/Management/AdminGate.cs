using Forest.Mvc.Errors;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Management;

/// <summary>Lets only administrators (permission level <c>admin</c>) through, and gives them the store.</summary>
internal static class AdminGate
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.Features.Get<ForestUser>()!;
        var store = http.RequestServices.GetService<ForestStoreContext>()
            ?? throw new ForestRequestException(501, "NotImplementedError", "The management API needs a store: call AddStore(...) on the Forest builder.");
        var level = int.TryParse(user.Id, out var id)
            ? await store.Users.AsNoTracking().Where(u => u.Id == id && u.Email == user.Email).Select(u => u.PermissionLevel).FirstOrDefaultAsync(http.RequestAborted).ConfigureAwait(false)
            : null;
        if (!string.Equals(level ?? user.PermissionLevel, "admin", StringComparison.OrdinalIgnoreCase))
        {
            throw new ForestRequestException(403, ForestErrorNames.Forbidden, "Only administrators may manage roles, permissions, users, settings and read the activity log.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
