namespace Forest.Mvc.Storage;

/// <summary>A role; users get their permissions through it.</summary>
internal sealed class StoredRole
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>How a role may trigger an action.</summary>
internal enum TriggerLevel
{
    None = 0,
    Trigger = 1,
    TriggerWithApproval = 2,
}

/// <summary>
/// What one role may do with one action (<c>*</c> for every collection or action): trigger (directly or with
/// approval), approve, self-approve, each optionally limited by a condition tree on the selected records.
/// </summary>
internal sealed class StoredPermission
{
    public int Id { get; set; }

    public int RoleId { get; set; }

    public string Collection { get; set; } = "*";

    public string Action { get; set; } = "*";

    public TriggerLevel Trigger { get; set; }

    /// <summary>Every selected record must match it to trigger.</summary>
    public string? TriggerCondition { get; set; }

    /// <summary>Approval is required only when some selected record matches it.</summary>
    public string? ApprovalCondition { get; set; }

    public bool CanApprove { get; set; }

    /// <summary>Every selected record must match it to approve.</summary>
    public string? ApproveCondition { get; set; }

    public bool CanSelfApprove { get; set; }
}

/// <summary>The collection settings of an action: visibility and an enable condition.</summary>
/// <summary>A role may export the records of a collection (or of every collection, <c>*</c>) as CSV.</summary>
internal sealed class StoredExportPermission
{
    public int Id { get; set; }

    public int RoleId { get; set; }

    public string Collection { get; set; } = "*";
}

internal sealed class StoredActionSetting
{
    public int Id { get; set; }

    public string Collection { get; set; } = "";

    public string Action { get; set; } = "";

    public bool IsVisible { get; set; } = true;

    public string? EnableCondition { get; set; }

    public string? DisabledReason { get; set; }
}

/// <summary>A filter limiting what a role or a team sees of a collection (with <c>{{currentUser.*}}</c> placeholders).</summary>
internal sealed class StoredScope
{
    public int Id { get; set; }

    public string Collection { get; set; } = "";

    public string? Role { get; set; }

    public string? Team { get; set; }

    public string Filter { get; set; } = "";
}

/// <summary>The states of an approval request.</summary>
internal static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
}

/// <summary>A request to run an action that needs approval: the exact checked payload, who asked, who decided.</summary>
internal sealed class StoredApproval
{
    public Guid Id { get; set; }

    public string Collection { get; set; } = "";

    public string Action { get; set; } = "";

    /// <summary>The action body to run on approval (ids resolved, values checked).</summary>
    public string Payload { get; set; } = "";

    public string TimeZone { get; set; } = "UTC";

    /// <summary>The selected ids, as a JSON array, for lists and exports.</summary>
    public string RecordIds { get; set; } = "[]";

    /// <summary>The form values as shown to reviewers (redacted fields hidden), JSON.</summary>
    public string Values { get; set; } = "{}";

    public string RequesterId { get; set; } = "";

    public string RequesterEmail { get; set; } = "";

    public string RequesterName { get; set; } = "";

    public string? RequesterRole { get; set; }

    public string? RequesterTeam { get; set; }

    /// <summary>Role ids allowed to approve when the request was made, JSON array.</summary>
    public string ApproverRoleIds { get; set; } = "[]";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public string Status { get; set; } = ApprovalStatus.Pending;

    public string? ReviewerId { get; set; }

    public string? ReviewerEmail { get; set; }

    public string? ReviewerName { get; set; }

    public string? ReviewMessage { get; set; }

    public DateTime? ReviewedAt { get; set; }

    /// <summary>The HTTP status the approved action answered.</summary>
    public int? ResultStatus { get; set; }
}

/// <summary>One line of the activity log.</summary>
internal sealed class StoredActivity
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string Kind { get; set; } = "";

    public string? UserId { get; set; }

    public string? UserEmail { get; set; }

    public string Collection { get; set; } = "";

    public string Action { get; set; } = "";

    public string? RecordIds { get; set; }

    public bool AllRecords { get; set; }

    public string? Values { get; set; }

    public string Outcome { get; set; } = "";

    public int? Status { get; set; }

    public double? DurationMs { get; set; }

    public Guid? ApprovalId { get; set; }

    /// <summary>The W3C trace id of the request that wrote the line (since 0.2.0), linking the audit to the traces.</summary>
    public string? TraceId { get; set; }

    /// <summary>Where the call came from: null for the API and the console, <c>mcp</c> for an AI agent (since 0.2.0).</summary>
    public string? Source { get; set; }

    /// <summary>The MCP tool called.</summary>
    public string? Tool { get; set; }

    /// <summary>The token the agent used: <c>session</c>, or the personal access token's id and name.</summary>
    public string? Token { get; set; }
}
