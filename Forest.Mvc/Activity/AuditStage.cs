using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Invocation;
using Forest.Mvc.Permissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Activity;

/// <summary>
/// The audit of a call that runs: its entry is written (and committed) before the action runs, so that when it
/// cannot be, the action does not run (503); the action's answer then confirms it.
/// </summary>
internal sealed partial class AuditStage(IOptions<ForestOptions> options, TimeProvider time, ILogger<AuditStage> logger) : IInvocationStage
{
    public int Order => StageOrder.Audit;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        var (action, user) = (invocation.Action, invocation.User);
        var activity = invocation.Services.GetRequiredService<ActivityLog>();
        var kind = invocation.Approval is null ? ActivityKind.Trigger : ActivityKind.Execution;
        Storage.StoredActivity? entry;
        try
        {
            entry = await activity.BeginAsync(kind, user, action, invocation.Request, invocation.Approval?.RequestId, invocation.Agent).ConfigureAwait(false);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && invocation.CancellationToken.IsCancellationRequested))
        {
            LogAuditUnavailable(logger, exception, action.Name, user.Email);
            throw new ForestRequestException(503, ExceptionClassifier.ServiceUnavailable, "The activity log cannot be written (the store is unavailable or busy), so the action did not run. Retry in a few seconds.", exception)
            {
                RetryAfterSeconds = ForestErrorBoundary.RetryAfterSeconds(options.Value),
            };
        }

        var started = time.GetTimestamp();
        try
        {
            await next(invocation).ConfigureAwait(false);
        }
        finally
        {
            var status = invocation.Status ?? 500;
            try
            {
                await activity.CompleteAsync(entry, $"answered {status}", status, time.GetElapsedTime(started).TotalMilliseconds).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The answer is already written; the entry stays "running", which still shows that the action ran.
                LogAuditNotConfirmed(logger, exception, action.Name, user.Email, status);
            }
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Smart action '{Action}' by {User} did not run: its activity entry could not be written.")]
    private static partial void LogAuditUnavailable(ILogger logger, Exception exception, string action, string user);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Smart action '{Action}' by {User} answered {Status}, but its activity entry could not be confirmed (it stays 'running').")]
    private static partial void LogAuditNotConfirmed(ILogger logger, Exception exception, string action, string user, int status);
}

/// <summary>
/// Writes the queued background calls, and the refusals of the checks: a <c>denied</c> line for an action call by a known user (not for one held for
/// approval, whose request is its own line), a security line for a 401 or 403 on a form hook.
/// </summary>
internal sealed partial class DenialAudit(ILogger<DenialAudit> logger) : IInvocationObserver
{
    public async Task OnRefusedAsync(InvocationRefusal refused)
    {
        var (refusal, user) = (refused.Refusal, refused.User);
        var activity = refused.Services.GetRequiredService<ActivityLog>();
        if (refused.Hook is not null)
        {
            if (refusal.Status is 401 or 403)
            {
                await activity.RecordSecurityAsync(refusal.Status == 401 ? ActivityKind.Unauthorized : ActivityKind.Forbidden, user?.Id, user?.Email, refused.Route, $"{refusal.Name}: {refusal.Message}", refusal.Status, refused.Agent).ConfigureAwait(false);
            }

            return;
        }

        if (user is null || refusal.Status == 401 || refusal.Name == AccessControl.RequiresApproval)
        {
            return;
        }

        try
        {
            await activity.RecordAsync(ActivityKind.Denied, user, refused.Action, null, $"{refusal.Name}: {refusal.Message}", refusal.Status, agent: refused.Agent).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogDenialNotWritten(logger, failure, refused.Action.Name, user.Email, refusal.Status);
        }
    }

    /// <summary>A background action's call: its line says which job it became (the job's own run writes its execution line).</summary>
    public Task OnQueuedAsync(SmartActionInvocation invocation, BackgroundJobTicket job) =>
        invocation.Services.GetRequiredService<ActivityLog>().RecordAsync(
            ActivityKind.Trigger, invocation.User, invocation.Action, invocation.Request, $"queued as background job {job.Id:N}", 200, agent: invocation.Agent);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Smart action '{Action}' by {User} answered {Status}, but its activity entry could not be confirmed (it stays 'running').")]
    private static partial void LogDenialNotWritten(ILogger logger, Exception exception, string action, string user, int status);
}
