namespace Forest.Mvc.Invocation;

/// <summary>Runs the rest of the pipeline: the following stages, then the action.</summary>
/// <param name="invocation">The call.</param>
internal delegate Task InvocationStep(SmartActionInvocation invocation);

/// <summary>
/// One stage of <see cref="InvocationPipeline"/>, in the spirit of MVC's filters: it may refuse the call (throw a
/// <see cref="ForestRequestException"/>), answer it instead of the action (<see cref="SmartActionInvocation.ShortCircuit"/>,
/// without calling <c>next</c>), or wrap what follows. Stages are singletons registered as
/// <see cref="IInvocationStage"/>; a feature adds its stages when it is added, so a feature that is not there
/// costs nothing.
/// </summary>
internal interface IInvocationStage
{
    /// <summary>Where the stage runs; see <see cref="StageOrder"/>.</summary>
    int Order { get; }

    /// <summary>Runs the stage.</summary>
    /// <param name="invocation">The call.</param>
    /// <param name="next">The following stages and the action.</param>
    Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next);
}

/// <summary>The order of the stages. A form hook runs the stages up to <see cref="Authorize"/>, then the hook.</summary>
internal static class StageOrder
{
    /// <summary>The user of a stored request, as the store knows them now.</summary>
    public const int CurrentUser = 50;

    /// <summary>The user's calls per window (before any database work).</summary>
    public const int RateLimit = 100;

    /// <summary>The caller's rules and scopes, the right to trigger the action, the selection.</summary>
    public const int Resolve = 200;

    /// <summary>The conditional trigger rules and the enablement, counted in one query; the records exist.</summary>
    public const int Authorize = 300;

    /// <summary>The values checked against the declared fields; the form class bound and validated.</summary>
    public const int Bind = 400;

    /// <summary>A call that must be approved is stored and answered 403 (the approvals feature).</summary>
    public const int ApprovalGate = 500;

    /// <summary>A background action's call becomes a job (the jobs feature).</summary>
    public const int Queue = 600;

    /// <summary>The activity entry written before the action runs and confirmed after (the activity feature).</summary>
    public const int Audit = 700;

    /// <summary>A refusal comes from the checks: the stages before <see cref="Queue"/>.</summary>
    public static bool IsCheck(int order) => order < Queue;
}

/// <summary>Told of every refused call (a check said no), after the refusal is answered, and of every queued one.</summary>
internal interface IInvocationObserver
{
    /// <summary>The call was refused (the refusal is answered already).</summary>
    /// <param name="refused">The call and why.</param>
    Task OnRefusedAsync(InvocationRefusal refused);

    /// <summary>The call was stored as a background job (it is answered at once, the job runs later).</summary>
    /// <param name="invocation">The call.</param>
    /// <param name="job">The job.</param>
    Task OnQueuedAsync(SmartActionInvocation invocation, BackgroundJobTicket job) => Task.CompletedTask;
}
