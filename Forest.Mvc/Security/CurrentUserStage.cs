using Forest.Mvc.Invocation;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Security;

/// <summary>
/// A call made from a stored request (<see cref="InvocationSource.UserMayBeStale"/>: a background job) runs as its
/// user as the store knows them now: a user disabled since is refused (401), a changed role applies. Registered
/// with the store, which holds the users.
/// </summary>
internal sealed class CurrentUserStage : IInvocationStage
{
    public int Order => StageOrder.CurrentUser;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        if (invocation.Source.UserMayBeStale)
        {
            invocation.User = await invocation.Services.GetRequiredService<StoreUserSessions>().CurrentAsync(invocation.User, invocation.CancellationToken).ConfigureAwait(false);
        }

        await next(invocation).ConfigureAwait(false);
    }
}
