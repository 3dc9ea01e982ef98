using Forest.Mvc.Activity;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Actions;

/// <summary>
/// The request pipeline every smart action gets from discovery: the stages of <see cref="Pipeline.ActionPipeline"/>,
/// then the audit entry, the action method, and the entry's confirmation. Runs before model binding; the action
/// method only runs when everything passed.
/// </summary>
internal sealed partial class SmartActionPipelineFilter(
    Pipeline.ActionPipeline pipeline,
    Diagnostics.ForestTelemetry telemetry,
    TimeProvider time,
    IOptions<ForestOptions> options,
    ILogger<SmartActionPipelineFilter> logger) : IAsyncResourceFilter, IOrderedFilter
{
    public int Order => int.MinValue + 100;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        try
        {
            await RunAsync(context, next).ConfigureAwait(false);
        }
        catch (Exception exception) when (ForestErrorBoundary.IsHandled(context.HttpContext, exception))
        {
            // Answered here, inside MVC, so that no middleware between (e.g. the developer exception page) sees it.
            await ForestErrorBoundary.RespondAsync(context.HttpContext, exception).ConfigureAwait(false);
            context.Result ??= new Microsoft.AspNetCore.Mvc.EmptyResult();
        }
    }

    private async Task RunAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var action = context.ActionDescriptor.Properties.TryGetValue(typeof(SmartActionDescriptor), out var found) && found is SmartActionDescriptor descriptor
            ? descriptor
            : throw new InvalidOperationException("A smart action route has no SmartActionDescriptor.");
        var started = time.GetTimestamp();
        using var span = Diagnostics.ForestTelemetry.Source.StartActivity("smart_action " + action.Name);
        span?.SetTag("forest.action", action.Name);
        span?.SetTag("forest.collection", action.Collection);
        SmartActionExecution execution;
        try
        {
            var replay = (Jobs.IStoredRequest?)http.RequestServices.GetService<Approvals.ApprovalReplay>()?.Current ?? http.RequestServices.GetService<Jobs.JobReplay>()?.Current;
            execution = await pipeline.PrepareActionAsync(http, action, replay).ConfigureAwait(false);
            http.Features.Set(execution);
        }
        catch (ForestRequestException exception)
        {
            var user = http.Features.Get<ForestUser>();
            LogRefused(logger, action.Name, user?.Email ?? "(anonymous)", exception.Status, exception.Message);
            span?.SetTag("forest.outcome", "refused");
            span?.SetTag("forest.error", exception.Name);
            telemetry.Refused.Add(1, Tags(action, "forest.error", exception.Name));
            telemetry.Duration.Record(time.GetElapsedTime(started).TotalMilliseconds, Tags(action, "forest.outcome", "refused"));
            await ForestErrorWriter.WriteAsync(http, exception).ConfigureAwait(false);
            context.Result = new Microsoft.AspNetCore.Mvc.EmptyResult();
            if (user is not null && exception.Name != AccessControl.RequiresApproval)
            {
                await RecordDenialAsync(http, user, action, exception).ConfigureAwait(false);
            }

            return;
        }

        if (action.Background && http.RequestServices.GetService<Jobs.JobReplay>()?.Current is null)
        {
            await QueueAsync(http, action, execution).ConfigureAwait(false);
            span?.SetTag("forest.outcome", "queued");
            telemetry.Run.Add(1, Tags(action, "forest.outcome", "queued"));
            context.Result = new Microsoft.AspNetCore.Mvc.EmptyResult();
            return;
        }

        // The audit entry is written before the action runs: when it cannot be, the action does not run.
        var kind = execution.Approval is null ? ActivityKind.Trigger : ActivityKind.Execution;
        Storage.StoredActivity? entry;
        try
        {
            entry = await Activity(http).BeginAsync(kind, execution.User, action, execution.Request, execution.Approval?.RequestId).ConfigureAwait(false);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            LogAuditUnavailable(logger, exception, action.Name, execution.User.Email);
            throw new ForestRequestException(503, ExceptionClassifier.ServiceUnavailable, "The activity log cannot be written (the store is unavailable or busy), so the action did not run. Retry in a few seconds.", exception)
            {
                RetryAfterSeconds = ForestErrorBoundary.RetryAfterSeconds(options.Value),
            };
        }

        var failed = true;
        try
        {
            using (Storage.DatabaseDeadline.Enter(options.Value.ActionDatabaseTimeout ?? options.Value.DatabaseTimeout))
            {
                var executed = await next().ConfigureAwait(false);
                failed = executed.Exception is not null && !executed.ExceptionHandled;
            }
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            Measure(span, action, execution, failed || http.Response.StatusCode >= 500, http.Response.StatusCode, elapsed);
            await ConfirmAsync(http, execution, action, entry, elapsed).ConfigureAwait(false);
        }
    }

    /// <summary>The span's outcome and the run/failed counters and duration (action, collection, outcome, records; never values).</summary>
    private void Measure(System.Diagnostics.Activity? span, SmartActionDescriptor action, SmartActionExecution execution, bool failed, int status, double elapsed)
    {
        var outcome = failed ? "failed" : status >= 400 ? "error" : "succeeded";
        span?.SetTag("forest.outcome", outcome);
        span?.SetTag("http.response.status_code", status);
        if (execution.Selection.KnownCount is { } records)
        {
            span?.SetTag("forest.records", records);
        }

        if (failed)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            telemetry.Failed.Add(1, Tags(action));
        }

        telemetry.Run.Add(1, Tags(action, "forest.outcome", outcome));
        telemetry.Duration.Record(elapsed, Tags(action, "forest.outcome", outcome));
    }

    /// <summary>The action and its collection, and one more tag when given (never a form value).</summary>
    private static System.Diagnostics.TagList Tags(SmartActionDescriptor action, string? name = null, object? value = null)
    {
        var tags = new System.Diagnostics.TagList { { "forest.action", action.Name }, { "forest.collection", action.Collection } };
        if (name is not null)
        {
            tags.Add(name, value);
        }

        return tags;
    }

    private async Task ConfirmAsync(Microsoft.AspNetCore.Http.HttpContext http, SmartActionExecution execution, SmartActionDescriptor action, Storage.StoredActivity? entry, double elapsed)
    {
        var status = http.Response.StatusCode;
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRan(logger, action.Name, action.Collection, execution.User.Email, status, elapsed);
        }

        try
        {
            await Activity(http).CompleteAsync(entry, $"answered {status}", status, elapsed).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The answer is already written; the entry stays "running", which still shows that the action ran.
            LogAuditNotConfirmed(logger, exception, action.Name, execution.User.Email, status);
        }
    }

    private async Task RecordDenialAsync(Microsoft.AspNetCore.Http.HttpContext http, ForestUser user, SmartActionDescriptor action, ForestRequestException exception)
    {
        try
        {
            await Activity(http).RecordAsync(ActivityKind.Denied, user, action, null, $"{exception.Name}: {exception.Message}", exception.Status).ConfigureAwait(false);
        }
        catch (Exception failure) when (!(failure is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            LogAuditNotConfirmed(logger, failure, action.Name, user.Email, exception.Status);
        }
    }

    /// <summary>
    /// A background action: the checked call becomes a stored job (audited, committed before the answer), and the
    /// answer says so at once: 200 <c>{"success": …, "job": {"id", "status": "queued"}}</c>.
    /// </summary>
    private static async Task QueueAsync(Microsoft.AspNetCore.Http.HttpContext http, SmartActionDescriptor action, SmartActionExecution execution)
    {
        var job = await http.RequestServices.GetRequiredService<Jobs.BackgroundJobs>().EnqueueAsync(action, execution, http.RequestAborted).ConfigureAwait(false);
        await Activity(http).RecordAsync(ActivityKind.Trigger, execution.User, action, execution.Request, $"queued as background job {job.Id:N}", 200).ConfigureAwait(false);
        var answer = new System.Text.Json.Nodes.JsonObject
        {
            ["success"] = $"{action.Name} started in the background.",
            ["job"] = new System.Text.Json.Nodes.JsonObject { ["id"] = job.Id.ToString("N"), ["status"] = job.Status },
        };
        http.Response.StatusCode = 200;
        await Microsoft.AspNetCore.Http.HttpResponseJsonExtensions.WriteAsJsonAsync(http.Response, answer, Errors.ForestJson.Options, http.RequestAborted).ConfigureAwait(false);
    }

    private static ActivityLog Activity(Microsoft.AspNetCore.Http.HttpContext http) => http.RequestServices.GetRequiredService<ActivityLog>();

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Smart action '{Action}' on {Collection} by {User} answered {Status} in {Elapsed:0.0} ms.")]
    private static partial void LogRan(ILogger logger, string action, string collection, string user, int status, double elapsed);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Smart action '{Action}' by {User} did not run: its activity entry could not be written.")]
    private static partial void LogAuditUnavailable(ILogger logger, Exception exception, string action, string user);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Smart action '{Action}' by {User} answered {Status}, but its activity entry could not be confirmed (it stays 'running').")]
    private static partial void LogAuditNotConfirmed(ILogger logger, Exception exception, string action, string user, int status);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Smart action '{Action}' refused for {User}: {Status} {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string user, int status, string reason);
}
