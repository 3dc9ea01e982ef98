using Forest.Mvc.Actions;
using System.Text.Json;
using Forest.Mvc.Invocation;
using Forest.Mvc.Records;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Approvals;

/// <summary>
/// The entry point of an approved request: the call is built from the stored, already-checked request, runs as the
/// approver (the action reads the requester as <c>Approval</c>) in a scope of its own, through the same stages and
/// the action's own MVC pipeline (<see cref="SmartActionInvoker"/>). The approver gets the action's answer.
/// </summary>
internal static class ApprovalDispatcher
{
    public static async Task<InvocationAnswer> ExecuteAsync(HttpContext http, SmartActionDescriptor action, StoredApproval approval, ForestUser approver)
    {
        using var payload = JsonDocument.Parse(approval.Payload);
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var invocation = new SmartActionInvocation
        {
            Action = action,
            Source = ApprovalSource.Instance,
            Services = scope.ServiceProvider,
            User = approver,
            Request = SmartActionRequest.Parse(payload.RootElement.Clone()),
            TimeZone = ListQuery.ParseTimeZone(approval.TimeZone),
            CancellationToken = http.RequestAborted,
            Approval = Info(approval),
        };
        return await scope.ServiceProvider.GetRequiredService<SmartActionInvoker>().InvokeAsync(invocation, InvocationOrigin.Of(http)).ConfigureAwait(false);
    }

    /// <summary>What the action reads of the approval that let it run.</summary>
    public static ApprovalInfo Info(StoredApproval approval) =>
        new(approval.Id, approval.RequesterId, approval.RequesterEmail, approval.RequesterName, approval.CreatedAt, approval.ReviewMessage);
}

/// <summary>The store's approval requests, as an action run reads them (a background job of an approved request).</summary>
internal sealed class StoreApprovalRecords : IApprovalRecords
{
    public async Task<ApprovalInfo?> FindAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<Storage.IStoreAccess>().Require("Approvals");
        var approval = await store.Approvals.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return approval is null ? null : ApprovalDispatcher.Info(approval);
    }
}
