namespace Forest.Mvc.Invocation;

/// <summary>
/// How a call reached the pipeline. The stages ask the source, never the entry point, what applies to the call:
/// the core defines <see cref="Http"/>; a feature that reaches actions another way (approvals, jobs, MCP) defines
/// its own source beside its entry point.
/// </summary>
/// <param name="Name">The source's name, for logs and traces.</param>
internal sealed record InvocationSource(string Name)
{
    /// <summary>A call of the action's route.</summary>
    public static InvocationSource Http { get; } = new("http") { CountsAgainstRateLimit = true, MayRequestApproval = true, MayQueue = true };

    /// <summary>Whether the call takes one of the user's calls of the action's rate limit (a stored request was counted when it was made).</summary>
    public bool CountsAgainstRateLimit { get; init; }

    /// <summary>Whether the right to trigger the action was decided already (an approved request, a job): the trigger checks are skipped.</summary>
    public bool TriggerDecided { get; init; }

    /// <summary>Whether the call may be held for an approval (not a request already approved).</summary>
    public bool MayRequestApproval { get; init; }

    /// <summary>Whether a background action's call becomes a job here (not the job's own run).</summary>
    public bool MayQueue { get; init; }

    /// <summary>Whether the user was stored with the request and must be read again from the store (a background job).</summary>
    public bool UserMayBeStale { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
