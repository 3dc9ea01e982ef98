using Forest.Mvc.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Forest.Mvc.Security;

namespace Forest.Mvc.Invocation;

/// <summary>
/// A call made from a stored request (<see cref="InvocationSource.UserMayBeStale"/>: a background job) runs as its
/// user as the store knows them now: a user disabled since is refused (401), a changed role applies.
/// </summary>
internal sealed class CurrentUserStage : IInvocationStage
{
    public int Order => StageOrder.CurrentUser;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        if (invocation.Source.UserMayBeStale)
        {
            invocation.User = await invocation.Services.GetRequiredService<IUserSessions>().CurrentAsync(invocation.User, invocation.CancellationToken).ConfigureAwait(false);
        }

        await next(invocation).ConfigureAwait(false);
    }
}
