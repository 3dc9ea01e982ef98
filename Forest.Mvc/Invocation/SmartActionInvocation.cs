using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Forest.Mvc.Permissions;

namespace Forest.Mvc.Invocation;

/// <summary>
/// One call of a smart action, or of one of its form hooks, however it was reached. Each entry point builds it once
/// (the HTTP route from the request, an approval from its stored request and the approver, a job from its stored
/// request and its requester, MCP from the tool's arguments) and <see cref="InvocationPipeline"/> runs the same
/// stages on it. The stages fill in what they resolve (the caller, the selection, the values).
/// </summary>
internal sealed class SmartActionInvocation
{
    /// <summary>The action called.</summary>
    public required SmartActionDescriptor Action { get; init; }

    /// <summary>How the call arrived; its properties answer what the stages ask of it.</summary>
    public required InvocationSource Source { get; init; }

    /// <summary>The services of the call's own scope.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>The authenticated user the call runs as (the approver of an approved request, the requester of a job).</summary>
    public required ForestUser User { get; set; }

    /// <summary>The parsed request: the selection and the values (a <see cref="FormHookRequest"/> for a hook).</summary>
    public required SmartActionRequest Request { get; init; }

    /// <summary>The user's time zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Cancels the call (the client went away, the job was cancelled, the instance stops).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>For a form hook: which one; <see langword="null"/> for the action itself.</summary>
    public HookKind? Hook { get; init; }

    /// <summary>When an approved request runs: who asked for it.</summary>
    public ApprovalInfo? Approval { get; init; }

    /// <summary>The progress of a background job; does nothing outside one.</summary>
    public JobProgress Progress { get; init; } = JobProgress.None;

    /// <summary>The AI agent making the call, if any (written with its activity lines).</summary>
    public InvocationAgent? Agent { get; init; }

    /// <summary>The collection of the action (set by the resolve stage).</summary>
    public CollectionDescriptor Collection { get; internal set; } = null!;

    /// <summary>The caller's rules and scopes (set by the resolve stage).</summary>
    public ForestCaller Caller { get; internal set; } = null!;

    /// <summary>A <see cref="RecordsSelection{TEntity}"/> of the collection's entity (set by the resolve stage).</summary>
    public IPreparedSelection Selection { get; internal set; } = null!;

    /// <summary>The checked values (set by the bind stage).</summary>
    public SmartActionValues Values { get; internal set; } = SmartActionValues.Empty;

    /// <summary>The bound and validated form, for actions taking a form class (set by the bind stage).</summary>
    public object? Form { get; internal set; }

    /// <summary>An answer a stage gave instead of running the action (a queued job), if any.</summary>
    public StageAnswer? ShortCircuit { get; internal set; }

    /// <summary>
    /// The refusal a check stage returned with instead of calling the next stage (the expected "no" of a rule,
    /// answered like a thrown <see cref="ForestRequestException"/> but without the cost of throwing it).
    /// </summary>
    internal ForestRequestException? Refusal { get; set; }

    /// <summary>The status the call was answered with, once answered.</summary>
    public int? Status { get; internal set; }

    /// <summary>The invocation of the current request, set when the pipeline ran.</summary>
    public static SmartActionInvocation? Find(HttpContext context) => context.Features.Get<SmartActionInvocation>();

    /// <summary>The invocation of the current request; throws when the pipeline did not run.</summary>
    public static SmartActionInvocation Get(HttpContext context) => Find(context)
        ?? throw new InvalidOperationException("The smart action pipeline did not run for this request: smart actions must be called through their route.");
}

/// <summary>An AI agent's call: how it authenticated and the tool it called.</summary>
/// <param name="Source">The source written in the activity log (<c>mcp</c>).</param>
/// <param name="Token">How the agent authenticated: <c>session</c>, or <c>pat:&lt;id&gt; (&lt;name&gt;)</c>.</param>
/// <param name="Tool">The tool called.</param>
internal sealed record InvocationAgent(string Source, string Token, string? Tool);
