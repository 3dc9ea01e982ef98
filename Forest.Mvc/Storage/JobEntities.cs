namespace Forest.Mvc.Storage;

/// <summary>The statuses of a background action's job.</summary>
internal static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    /// <summary>Every status, in the order a job goes through them.</summary>
    public static readonly string[] All = [Queued, Running, Succeeded, Failed, Cancelled, Interrupted];

    /// <summary>Whether the job ended (its status no longer changes).</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled or Interrupted;
}

/// <summary>A background action's job: the stored, already-checked request, its progress and its result.</summary>
internal sealed class StoredJob
{
    public Guid Id { get; set; }

    public string Collection { get; set; } = "";

    public string Action { get; set; } = "";

    /// <summary>The request body as checked when the job was queued (JSON).</summary>
    public string Payload { get; set; } = "";

    public string TimeZone { get; set; } = "UTC";

    /// <summary>The user the job runs as (a <see cref="ForestUser"/> as JSON): the requester, or the approver of an approved action.</summary>
    public string Requester { get; set; } = "";

    public string RequesterId { get; set; } = "";

    public string RequesterEmail { get; set; } = "";

    /// <summary>The approval request this job runs, when the action needed one (the requester above asked for it).</summary>
    public Guid? ApprovalId { get; set; }

    /// <summary>The reviewer who approved it: the job runs as them, as an approved action does, and they see it too.</summary>
    public string? ApproverId { get; set; }

    public string? ApproverEmail { get; set; }

    public string Status { get; set; } = JobStatus.Queued;

    public bool Resumable { get; set; }

    public int Attempts { get; set; }

    /// <summary>The instance of the current or last run (machine/process).</summary>
    public string? RunBy { get; set; }

    public long Done { get; set; }

    public long? Total { get; set; }

    public string? Message { get; set; }

    /// <summary>Who asked for the cancellation (the job stops at its next cancellation check).</summary>
    public string? CancelledBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The HTTP status the action answered.</summary>
    public int? ResultStatus { get; set; }

    /// <summary>The action's answer: its JSON body, or the HTML of an HTML result.</summary>
    public string? ResultBody { get; set; }

    public string? ResultContentType { get; set; }

    public string? ResultFileName { get; set; }

    /// <summary>A file result's bytes (kept until <see cref="ResultExpiresAt"/>).</summary>
    public byte[]? ResultFile { get; set; }

    public DateTime? ResultExpiresAt { get; set; }
}

/// <summary>One record's outcome in a job's report.</summary>
internal sealed class StoredJobRecord
{
    public long Id { get; set; }

    public Guid JobId { get; set; }

    public string RecordId { get; set; } = "";

    public bool Succeeded { get; set; }

    public string? Reason { get; set; }
}
