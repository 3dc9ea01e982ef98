namespace Forest.Mvc.Storage;

/// <summary>The statuses of a background action's job (the jobs add-on's <c>forest_jobs.Status</c>).</summary>
public static class JobStatus
{
    /// <summary>Stored, waiting for a thread.</summary>
    public const string Queued = "queued";

    /// <summary>Running on an instance.</summary>
    public const string Running = "running";

    /// <summary>Ended, the action answered a success.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Ended, the action threw or answered an error.</summary>
    public const string Failed = "failed";

    /// <summary>Ended, cancelled by a user.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Ended, its instance stopped during a run that may not be run again.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Every status, in the order a job goes through them.</summary>
    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed, Cancelled, Interrupted];

    /// <summary>Whether the job ended (its status no longer changes).</summary>
    /// <param name="status">A status.</param>
    /// <returns>Whether it is final.</returns>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled or Interrupted;
}

/// <summary>
/// A background action's job (table <c>forest_jobs</c>): the stored, already-checked request, its progress and its
/// result. The table is part of the store's migrations; the background jobs add-on reads and writes it.
/// </summary>
public sealed class StoredJob
{
    /// <summary>The id.</summary>
    public Guid Id { get; set; }

    /// <summary>The collection of the action.</summary>
    public string Collection { get; set; } = "";

    /// <summary>The action's name.</summary>
    public string Action { get; set; } = "";

    /// <summary>The request body as checked when the job was queued (JSON).</summary>
    public string Payload { get; set; } = "";

    /// <summary>The caller's time zone (IANA id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The user the job runs as (a <see cref="ForestUser"/> as JSON): the requester, or the approver of an approved action.</summary>
    public string Requester { get; set; } = "";

    /// <summary>The id of the user the job belongs to (who asked for the action).</summary>
    public string RequesterId { get; set; } = "";

    /// <summary>Their email.</summary>
    public string RequesterEmail { get; set; } = "";

    /// <summary>The approval request this job runs, when the action needed one (the requester above asked for it).</summary>
    public Guid? ApprovalId { get; set; }

    /// <summary>The reviewer who approved it: the job runs as them, as an approved action does, and they see it too.</summary>
    public string? ApproverId { get; set; }

    /// <summary>The approver's email.</summary>
    public string? ApproverEmail { get; set; }

    /// <summary>The status (<see cref="JobStatus"/>).</summary>
    public string Status { get; set; } = JobStatus.Queued;

    /// <summary>Whether a run cut short is run again from the start.</summary>
    public bool Resumable { get; set; }

    /// <summary>How many runs started.</summary>
    public int Attempts { get; set; }

    /// <summary>The instance of the current or last run (machine/process).</summary>
    public string? RunBy { get; set; }

    /// <summary>How many records are done.</summary>
    public long Done { get; set; }

    /// <summary>How many records there are, when known.</summary>
    public long? Total { get; set; }

    /// <summary>The last progress message, or the failure.</summary>
    public string? Message { get; set; }

    /// <summary>Who asked for the cancellation (the job stops at its next cancellation check).</summary>
    public string? CancelledBy { get; set; }

    /// <summary>When it was queued (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When its last run started (UTC).</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>When it ended (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>The HTTP status the action answered.</summary>
    public int? ResultStatus { get; set; }

    /// <summary>The action's answer: its JSON body, or the HTML of an HTML result.</summary>
    public string? ResultBody { get; set; }

    /// <summary>The media type of the answer.</summary>
    public string? ResultContentType { get; set; }

    /// <summary>The file name of a file result.</summary>
    public string? ResultFileName { get; set; }

    /// <summary>A file result's bytes (kept until <see cref="ResultExpiresAt"/>).</summary>
    public byte[]? ResultFile { get; set; }

    /// <summary>When the result is purged (UTC).</summary>
    public DateTime? ResultExpiresAt { get; set; }
}

/// <summary>One record's outcome in a job's report (table <c>forest_job_records</c>).</summary>
public sealed class StoredJobRecord
{
    /// <summary>The id.</summary>
    public long Id { get; set; }

    /// <summary>The job.</summary>
    public Guid JobId { get; set; }

    /// <summary>The record's id.</summary>
    public string RecordId { get; set; } = "";

    /// <summary>Whether the action succeeded on it.</summary>
    public bool Succeeded { get; set; }

    /// <summary>Why it failed, if it did.</summary>
    public string? Reason { get; set; }
}
