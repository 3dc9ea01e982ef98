using Forest.Mvc.Actions;
using Forest.Mvc.Diagnostics;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Invocation;

/// <summary>
/// Runs a call through the ordered stages (<see cref="IInvocationStage"/>), then the action, with the one error
/// boundary of every source: a refusal of the checks is logged, measured, answered in the Forest shape and told to
/// the observers; anything else is answered by <see cref="ForestErrorBoundary"/>. The action's span, counters and
/// log line are written here. See docs/pipeline.md.
/// </summary>
internal sealed partial class InvocationPipeline(
    IEnumerable<IInvocationStage> stages,
    IEnumerable<IInvocationObserver> observers,
    ForestTelemetry telemetry,
    TimeProvider time,
    IOptions<ForestOptions> options,
    ILogger<InvocationPipeline> logger)
{
    private readonly IInvocationStage[] _stages = [.. stages.OrderBy(s => s.Order)];
    private readonly IInvocationObserver[] _observers = [.. observers];
    private readonly TimeProvider _time = time;

    /// <summary>The stages, in order (a form hook runs those up to <see cref="StageOrder.Authorize"/>).</summary>
    public IReadOnlyList<IInvocationStage> Stages => _stages;

    /// <summary>
    /// Builds the call (<paramref name="build"/>: the entry point's own checks, such as the token and the body, count
    /// as refusals), runs the stages and then <paramref name="execute"/>, and answers on <paramref name="http"/>.
    /// </summary>
    /// <returns>The result MVC must execute (a stage's answer, or an empty result once an error is written), or <see langword="null"/> when the action ran.</returns>
    public async Task<IActionResult?> RunAsync(HttpContext http, SmartActionDescriptor action, Forms.HookKind? hook, Func<Task<SmartActionInvocation>> build, InvocationStep execute)
    {
        var run = new Run(this, http, action, execute) { Hook = hook };
        using var span = ForestTelemetry.Source.StartActivity("smart_action " + action.Name);
        span?.SetTag("forest.action", action.Name);
        span?.SetTag("forest.collection", action.Collection);
        run.Span = span;
        try
        {
            run.Invocation = await build().ConfigureAwait(false);
            http.Features.Set(run.Invocation);
            await run.NextAsync(run.Invocation).ConfigureAwait(false);
            if (run.Invocation.Refusal is { } returned)
            {
                await RefuseAsync(run, returned).ConfigureAwait(false);
                return new EmptyResult();
            }
        }
        catch (ForestRequestException refusal) when (!run.Executing && StageOrder.IsCheck(run.Reached))
        {
            await RefuseAsync(run, refusal).ConfigureAwait(false);
            return new EmptyResult();
        }
        catch (Exception exception) when (ForestErrorBoundary.IsHandled(http, exception))
        {
            await ForestErrorBoundary.RespondAsync(http, exception).ConfigureAwait(false);
            return new EmptyResult();
        }

        if (run.Invocation.ShortCircuit is { } answer)
        {
            span?.SetTag("forest.outcome", answer.Outcome);
            telemetry.Run.Add(1, Tags(action, "forest.outcome", answer.Outcome));
            return answer.Result;
        }

        return null;
    }

    /// <summary>Answers an exception the action threw, as every error of a Forest route is answered.</summary>
    public static Task FailAsync(HttpContext http, Exception exception) => ForestErrorBoundary.RespondAsync(http, exception);

    private async Task RefuseAsync(Run run, ForestRequestException refusal)
    {
        var (http, action) = (run.Http, run.Action);
        var user = run.Invocation?.User ?? http.Features.Get<ForestUser>();
        if (run.Hook is null)
        {
            LogRefused(logger, action.Name, user?.Email ?? "(anonymous)", refusal.Status, refusal.Message);
            run.Span?.SetTag("forest.outcome", "refused");
            run.Span?.SetTag("forest.error", refusal.Name);
            telemetry.Refused.Add(1, Tags(action, "forest.error", refusal.Name));
            telemetry.Duration.Record(_time.GetElapsedTime(run.Started).TotalMilliseconds, Tags(action, "forest.outcome", "refused"));
        }

        await ForestErrorWriter.WriteAsync(http, refusal).ConfigureAwait(false);
        var refused = new InvocationRefusal(action, run.Hook, user, run.Invocation?.Agent, refusal, $"{http.Request.Method} {http.Request.Path}", run.Invocation?.Services ?? http.RequestServices);
        foreach (var observer in _observers)
        {
            await observer.OnRefusedAsync(refused).ConfigureAwait(false);
        }
    }

    /// <summary>The action itself, after the last stage: bounded by the action's database deadline, measured and logged.</summary>
    private async Task ExecuteAsync(Run run, SmartActionInvocation invocation)
    {
        run.Executing = true;
        var failed = true;
        try
        {
            using (invocation.Services.GetRequiredService<Records.DatabaseDeadline>().Widen(invocation.Hook is null ? options.Value.ActionDatabaseTimeout : null))
            {
                await run.Execute(invocation).ConfigureAwait(false);
            }

            failed = false;
        }
        finally
        {
            var status = invocation.Status ??= run.Http.Response.StatusCode;
            if (invocation.Hook is null)
            {
                Measure(run, invocation, failed || status >= 500, status);
            }
        }
    }

    /// <summary>The span's outcome and the run/failed counters and duration (action, collection, outcome, records; never values); the log line.</summary>
    private void Measure(Run run, SmartActionInvocation invocation, bool failed, int status)
    {
        var (span, action) = (run.Span, invocation.Action);
        var elapsed = _time.GetElapsedTime(run.Started).TotalMilliseconds;
        var outcome = failed ? "failed" : status >= 400 ? "error" : "succeeded";
        span?.SetTag("forest.outcome", outcome);
        span?.SetTag("http.response.status_code", status);
        if (invocation.Selection?.KnownCount is { } records)
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
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRan(logger, action.Name, action.Collection, invocation.User.Email, status, elapsed);
        }
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

    /// <summary>One run of the stages: where it got to, for the error boundary.</summary>
    private sealed class Run(InvocationPipeline pipeline, HttpContext http, SmartActionDescriptor action, InvocationStep execute)
    {
        private int _index;

        public HttpContext Http { get; } = http;

        public SmartActionDescriptor Action { get; } = action;

        public InvocationStep Execute { get; } = execute;

        public long Started { get; } = pipeline._time.GetTimestamp();

        public System.Diagnostics.Activity? Span { get; set; }

        public SmartActionInvocation? Invocation { get; set; }

        public Forms.HookKind? Hook { get; init; }

        /// <summary>The order of the last stage entered (0 while the entry point builds the call).</summary>
        public int Reached { get; private set; }

        /// <summary>Whether the action itself started.</summary>
        public bool Executing { get; set; }

        public Task NextAsync(SmartActionInvocation invocation)
        {
            var stages = pipeline._stages;
            while (_index < stages.Length)
            {
                var stage = stages[_index++];
                if (invocation.Hook is not null && stage.Order > StageOrder.Authorize)
                {
                    break;
                }

                Reached = stage.Order;
                return stage.InvokeAsync(invocation, NextAsync);
            }

            _index = stages.Length;
            return pipeline.ExecuteAsync(this, invocation);
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Smart action '{Action}' on {Collection} by {User} answered {Status} in {Elapsed:0.0} ms.")]
    private static partial void LogRan(ILogger logger, string action, string collection, string user, int status, double elapsed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Smart action '{Action}' refused for {User}: {Status} {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string user, int status, string reason);
}

/// <summary>A call a check refused.</summary>
/// <param name="Action">The action called.</param>
/// <param name="Hook">The form hook called, if the call was one.</param>
/// <param name="User">The user, when known (not for a missing or invalid token).</param>
/// <param name="Agent">The AI agent making the call, if any.</param>
/// <param name="Refusal">Why.</param>
/// <param name="Route">The method and path of the request that carried the call.</param>
/// <param name="Services">The services of the call's scope.</param>
internal sealed record InvocationRefusal(SmartActionDescriptor Action, Forms.HookKind? Hook, ForestUser? User, InvocationAgent? Agent, ForestRequestException Refusal, string Route, IServiceProvider Services);

/// <summary>A stage's answer given instead of running the action.</summary>
/// <param name="Result">What the caller gets.</param>
/// <param name="Outcome">The outcome measured (e.g. <c>queued</c>).</param>
internal sealed record StageAnswer(IActionResult Result, string Outcome);
