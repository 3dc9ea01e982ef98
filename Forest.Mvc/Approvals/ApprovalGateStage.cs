using System.Text.Json;
using Forest.Mvc.Invocation;
using Forest.Mvc.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Approvals;

/// <summary>
/// Another reason than the role's rules to hold a call for a human's approval (registered by a feature, e.g. MCP's
/// "an agent's bulk call on many records waits for an approval").
/// </summary>
internal interface IApprovalPolicy
{
    /// <summary>
    /// Whether <paramref name="invocation"/> must be approved although its role may trigger it directly: answers the
    /// message of the 403 when no role may approve it, or <see langword="null"/> when the policy does not hold it.
    /// </summary>
    Task<string?> HoldAsync(SmartActionInvocation invocation);
}

/// <summary>
/// The approval gate: when the caller's role must have the action approved (or a policy holds the call), the
/// checked request is stored and the call is answered 403 <c>CustomActionRequiresApprovalError</c> with the
/// request's id and the roles that may approve it. A request already approved is not held again.
/// </summary>
internal sealed class ApprovalGateStage(IEnumerable<IApprovalPolicy> policies) : IInvocationStage
{
    private readonly IApprovalPolicy[] _policies = [.. policies];

    public int Order => StageOrder.ApprovalGate;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        if (invocation.Source.MayRequestApproval)
        {
            await HoldIfNeededAsync(invocation).ConfigureAwait(false);
        }

        await next(invocation).ConfigureAwait(false);
    }

    private async Task HoldIfNeededAsync(SmartActionInvocation invocation)
    {
        var (caller, action, selection, timeZone, ct) = (invocation.Caller, invocation.Action, invocation.Selection, invocation.TimeZone, invocation.CancellationToken);
        var access = invocation.Services.GetRequiredService<AccessControl>();
        var (verdict, approvers) = await access.TriggerVerdictAsync(caller.Rules, caller.User, action, selection, timeZone, ct).ConfigureAwait(false);
        if (verdict != TriggerVerdict.RequiresApproval)
        {
            string? noApprover = null;
            foreach (var policy in _policies)
            {
                noApprover ??= await policy.HoldAsync(invocation).ConfigureAwait(false);
            }

            if (noApprover is null)
            {
                return;
            }

            approvers = await access.ApproverRoleIdsAsync(caller.Rules, caller.User, action, selection, timeZone, ct).ConfigureAwait(false);
            if (approvers.Count == 0)
            {
                throw new ForestRequestException(403, AccessControl.TriggerForbidden, noApprover);
            }
        }

        var approvals = invocation.Services.GetRequiredService<ApprovalService>();
        var created = await approvals.CreateAsync(invocation, approvers).ConfigureAwait(false);
        throw new ForestRequestException(403, AccessControl.RequiresApproval, "This action requires to be approved.")
        {
            ErrorData = new { roleIdsAllowedToApprove = approvers, approvalRequestId = created.Id, recordIds = JsonSerializer.Deserialize<string[]>(created.RecordIds) },
        };
    }
}

/// <summary>The source of an approved request's run: the trigger was decided by the approval, and it is not held again.</summary>
internal static class ApprovalSource
{
    public static InvocationSource Instance { get; } = new("approval") { TriggerDecided = true, MayQueue = true };
}
