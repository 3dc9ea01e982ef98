namespace Forest.Mvc;

/// <summary>
/// When an action runs because its approval request was approved: who asked for it and who approved it (the
/// approver is the action's <c>CurrentUser</c>).
/// </summary>
/// <param name="RequestId">The approval request id.</param>
/// <param name="RequesterId">The requester's user id.</param>
/// <param name="RequesterEmail">The requester's email.</param>
/// <param name="RequesterName">The requester's full name.</param>
/// <param name="RequestedAt">When the request was made (UTC).</param>
/// <param name="ApproverMessage">The approver's message, if any.</param>
public sealed record ApprovalInfo(Guid RequestId, string RequesterId, string RequesterEmail, string RequesterName, DateTime RequestedAt, string? ApproverMessage);
