using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Invocation;

/// <summary>
/// A background action's call becomes a job once it passed every check, and is answered at once:
/// 200 <c>{"success": …, "job": {"id", "status": "queued"}}</c>. The job is stored by the background jobs add-on
/// (<see cref="IBackgroundActionScheduler"/>); its run comes back through the pipeline from
/// <see cref="IBackgroundActionRunner"/>, whose source does not queue.
/// </summary>
internal sealed class QueueStage(ForestModel model, IOptions<ForestOptions> options) : IInvocationStage
{
    public int Order => StageOrder.Queue;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        var action = invocation.Action;
        if (!action.Background || !invocation.Source.MayQueue)
        {
            await next(invocation).ConfigureAwait(false);
            return;
        }

        // The job runs as the caller (the approver of an approved request, as approved actions do); it belongs to
        // whoever asked for the action, who sees it, may cancel it and whose queue limit it counts against.
        var (user, approval, request) = (invocation.User, invocation.Approval, invocation.Request);
        var (ownerId, ownerEmail) = approval is null ? (user.Id, user.Email) : (approval.RequesterId, approval.RequesterEmail);
        IReadOnlyList<string>? ids = action.Type == ActionType.Global || !request.AllRecords
            ? request.Ids
            : await invocation.Selection.IdsAsync(options.Value.Jobs.MaxStoredIds, invocation.CancellationToken).ConfigureAwait(false);
        var queued = new BackgroundActionRequest(
            model.Of(action), user, ownerId, ownerEmail, approval?.RequestId, request.ToStoredBody(action, ids), invocation.TimeZone.Id, invocation.Selection.KnownCount);

        var services = invocation.Services;
        var job = await services.GetRequiredService<IBackgroundActionScheduler>().ScheduleAsync(queued, services, invocation.CancellationToken).ConfigureAwait(false);
        foreach (var observer in services.GetServices<IInvocationObserver>())
        {
            await observer.OnQueuedAsync(invocation, job).ConfigureAwait(false);
        }

        var answer = new JsonObject
        {
            ["success"] = $"{action.Name} started in the background.",
            ["job"] = new JsonObject { ["id"] = job.Id.ToString("N"), ["status"] = job.Status },
        };
        invocation.ShortCircuit = new StageAnswer(new JsonResult(answer, Errors.ForestJson.Options) { StatusCode = 200, ContentType = "application/json; charset=utf-8" }, "queued");
    }
}

/// <summary>No background jobs add-on: no call reaches it (a background action stops the startup without it).</summary>
internal sealed class NoBackgroundActionScheduler : IBackgroundActionScheduler
{
    public Task<BackgroundJobTicket> ScheduleAsync(BackgroundActionRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
        throw new ForestRequestException(501, "NotImplementedError", "Background actions need the background jobs add-on: the package Forest.Mvc.Jobs and AddBackgroundJobs().");
}

/// <summary>No background jobs add-on: nothing to list.</summary>
internal sealed class NoBackgroundJobList : IBackgroundJobList
{
    public bool IsAvailable => false;

    public Task<JsonObject> ListAsync(IServiceProvider services, ForestUser user, Microsoft.AspNetCore.Http.IQueryCollection query, CancellationToken cancellationToken) =>
        throw new ForestRequestException(501, "NotImplementedError", "Background jobs need the background jobs add-on: the package Forest.Mvc.Jobs and AddBackgroundJobs().");
}
