namespace Forest.Mvc.Actions;

/// <summary>
/// The approval requests as an action run reads them (a background job runs an approved request): the store's
/// approvals when they are registered (<c>AddStore</c>), else <see cref="NoApprovalRecords"/>.
/// </summary>
internal interface IApprovalRecords
{
    /// <summary>What the action reads of the approval <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<ApprovalInfo?> FindAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken);
}

/// <summary>No approvals: nothing to find.</summary>
internal sealed class NoApprovalRecords : IApprovalRecords
{
    public Task<ApprovalInfo?> FindAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken) => Task.FromResult<ApprovalInfo?>(null);
}

/// <summary>The activity log's lines about an action that are not a call (the cancellation of its job…).</summary>
internal interface IActionEventLog
{
    /// <summary>Writes the line.</summary>
    Task RecordAsync(string kind, ForestUser user, SmartActionDescriptor action, string outcome, int status);
}
