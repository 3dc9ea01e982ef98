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
    /// <summary>What needs the store, in the 501 answered without one.</summary>
    public const string Feature = "The management API";

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.Features.Get<ForestUser>()!;
        _ = http.RequestServices.GetRequiredService<IStoreAccess>().Require(Feature);

        // The permission level is the store's, read again on every request (see StoreUserSessions), as everywhere.
        if (!IsAdmin(user))
        {
            var refusal = new ForestRequestException(403, ForestErrorNames.Forbidden, "Only administrators may manage roles, permissions, users, settings and read the activity log.");
            await Security.SecurityEvents.RecordRefusalAsync(http, refusal).ConfigureAwait(false);
            throw refusal;
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The one admin check of the library (management API, approvals, activity).</summary>
    public static bool IsAdmin(ForestUser user) => user.IsAdmin;
}
