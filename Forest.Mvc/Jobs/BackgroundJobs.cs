using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Queues a background action once its call passed every check: the request is stored as it will be replayed
/// (a select-all as its ids up to <see cref="ForestJobOptions.MaxStoredIds"/>, else as its filter), then Quartz is
/// asked to run it.
/// </summary>
internal sealed class BackgroundJobs(ForestStoreContext store, IServiceProvider services, IOptions<ForestOptions> options, TimeProvider time)
{
    public async Task<StoredJob> EnqueueAsync(Invocation.SmartActionInvocation execution)
    {
        var (action, cancellationToken) = (execution.Action, execution.CancellationToken);
        // The job runs as the caller (the approver of an approved request, as approved actions do); it belongs to
        // whoever asked for the action, who sees it, may cancel it and whose queue limit it counts against.
        var user = execution.User;
        var approval = execution.Approval;
        var (ownerId, ownerEmail) = approval is null ? (user.Id, user.Email) : (approval.RequesterId, approval.RequesterEmail);
        var limit = options.Value.Jobs.MaxQueuedPerUser;
        var open = await store.Jobs.CountAsync(j => j.RequesterId == ownerId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), cancellationToken).ConfigureAwait(false);
        if (open >= limit)
        {
            var who = approval is null ? "You have" : $"{ownerEmail} has";
            throw new ForestRequestException(429, Security.LoginProtection.TooManyRequests, $"{who} {open} background jobs queued or running, the most allowed ({limit}). Wait for one to end, or cancel one.")
            {
                RetryAfterSeconds = 10,
            };
        }

        var job = new StoredJob
        {
            Id = Guid.NewGuid(),
            Collection = action.Collection,
            Action = action.Name,
            Payload = await PayloadAsync(action, execution, cancellationToken).ConfigureAwait(false),
            TimeZone = execution.TimeZone.Id,
            Requester = JsonSerializer.Serialize(user),
            RequesterId = ownerId,
            RequesterEmail = ownerEmail,
            ApprovalId = approval?.RequestId,
            ApproverId = approval is null ? null : user.Id,
            ApproverEmail = approval is null ? null : user.Email,
            Resumable = action.Resumable,
            Total = execution.Selection.KnownCount,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        store.Jobs.Add(job);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await JobScheduling.ScheduleAsync(services, job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not scheduled: the job must not stay queued for ever; the call is refused, nothing queued.
            await store.Jobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return job;
    }

    /// <summary>The body replayed by the job: the checked request, a select-all turned into ids when they are few enough.</summary>
    private async Task<string> PayloadAsync(SmartActionDescriptor action, Invocation.SmartActionInvocation execution, CancellationToken cancellationToken)
    {
        var request = execution.Request;
        var ids = action.Type == ActionType.Global || !request.AllRecords
            ? request.Ids
            : await execution.Selection.IdsAsync(options.Value.Jobs.MaxStoredIds, cancellationToken).ConfigureAwait(false);
        return request.ToStoredBody(action, ids);
    }
}
