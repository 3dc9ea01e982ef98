using System.Text.Json;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Jobs;

/// <summary>One record's outcome, as the action reported it.</summary>
internal sealed record JobRecordOutcome(string RecordId, bool Succeeded, string? Reason);

/// <summary>The progress written to the store in one batch.</summary>
internal sealed record JobProgressChanges(long Done, long? Total, string? Message, IReadOnlyList<JobRecordOutcome> Records);

/// <summary>A stored, already-checked request replayed by the pipeline (an approved request, or a background job).</summary>
internal interface IStoredRequest
{
    JsonElement Body { get; }

    TimeZoneInfo TimeZone { get; }

    /// <summary>The approval that let the request run, if it needed one (the action reads it as <c>Approval</c>).</summary>
    StoredApproval? Approval { get; }
}

/// <summary>The stored request of a background job, as the action's pipeline reads it.</summary>
internal sealed record JobExecution(StoredJob Job, JsonElement Body, TimeZoneInfo TimeZone, ForestUser Requester, StoredApproval? Approval) : IStoredRequest;

/// <summary>The job being run in this scope, if any (set by the runner).</summary>
internal sealed class JobReplay
{
    public JobExecution? Current { get; set; }
}
