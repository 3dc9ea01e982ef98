using System.Text.Json.Nodes;
using Forest.Mvc.Activity;
using Forest.Mvc.Invocation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Jobs;

/// <summary>
/// A background action's call becomes a stored job once it passed every check (audited, committed before the
/// answer), and is answered at once: 200 <c>{"success": …, "job": {"id", "status": "queued"}}</c>. The job's own run
/// comes back through the pipeline from <see cref="JobRunner"/>, whose source does not queue.
/// </summary>
internal sealed class QueueStage : IInvocationStage
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

        var services = invocation.Services;
        var job = await services.GetRequiredService<BackgroundJobs>().EnqueueAsync(invocation).ConfigureAwait(false);
        await services.GetRequiredService<ActivityLog>().RecordAsync(ActivityKind.Trigger, invocation.User, action, invocation.Request, $"queued as background job {job.Id:N}", 200, agent: invocation.Agent).ConfigureAwait(false);
        var answer = new JsonObject
        {
            ["success"] = $"{action.Name} started in the background.",
            ["job"] = new JsonObject { ["id"] = job.Id.ToString("N"), ["status"] = job.Status },
        };
        invocation.ShortCircuit = new StageAnswer(new JsonResult(answer, Errors.ForestJson.Options) { StatusCode = 200, ContentType = "application/json; charset=utf-8" }, "queued");
    }
}

/// <summary>The source of a job's run: its trigger was decided when it was queued; it runs, it is not queued again.</summary>
internal static class JobSource
{
    public static InvocationSource Instance { get; } = new("job") { TriggerDecided = true, UserMayBeStale = true };
}
