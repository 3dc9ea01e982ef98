using System.Text.Json;
using Forest.Mvc.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Invocation;

/// <summary>
/// The entry point of a stored background call: the invocation is built from the stored body, runs as the job's
/// user (as the store knows them now) through the same stages and the action's own MVC pipeline
/// (<see cref="SmartActionInvoker"/>), with the job's progress reporter; its answer goes back to the jobs add-on.
/// </summary>
internal sealed class BackgroundActionRunner(ForestModel model, SmartActionInvoker invoker, IApprovalRecords approvals) : IBackgroundActionRunner
{
    /// <summary>The source of a job's run: its trigger was decided when it was queued; it runs, it is not queued again.</summary>
    public static InvocationSource Source { get; } = new("job") { TriggerDecided = true, UserMayBeStale = true };

    public async Task<SmartActionRunResult> RunAsync(BackgroundActionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var body = JsonDocument.Parse(run.Body);
        var invocation = new SmartActionInvocation
        {
            Action = model.Of(run.Action),
            Source = Source,
            Services = run.Services,
            User = run.User,
            Request = SmartActionRequest.Parse(body.RootElement.Clone()),
            TimeZone = Records.ListQuery.ParseTimeZone(run.TimeZone),
            CancellationToken = cancellationToken,
            Approval = run.ApprovalId is { } id ? await approvals.FindAsync(run.Services, id, cancellationToken).ConfigureAwait(false) : null,
            Progress = run.Progress,
        };
        var answer = await invoker.InvokeAsync(invocation).ConfigureAwait(false);
        return new SmartActionRunResult(answer.Status, answer.ContentType, answer.ContentDisposition, answer.Body);
    }
}
