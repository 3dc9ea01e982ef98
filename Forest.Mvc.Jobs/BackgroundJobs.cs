using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Queues a background action once its call passed every check: the checked call is stored as a job (its body as
/// the run will replay it), then Quartz is asked to run it. A user has at most
/// <see cref="ForestJobOptions.MaxQueuedPerUser"/> jobs queued or running.
/// </summary>
internal sealed class BackgroundJobs(IOptions<ForestOptions> options, TimeProvider time) : IBackgroundActionScheduler
{
    public async Task<BackgroundJobTicket> ScheduleAsync(BackgroundActionRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ForestStoreContext>();
        var limit = options.Value.Jobs.MaxQueuedPerUser;
        var open = await store.Set<StoredJob>().CountAsync(j => j.RequesterId == request.OwnerId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), cancellationToken).ConfigureAwait(false);
        if (open >= limit)
        {
            var who = request.ApprovalId is null ? "You have" : $"{request.OwnerEmail} has";
            throw new ForestRequestException(429, "TooManyRequestsError", $"{who} {open} background jobs queued or running, the most allowed ({limit}). Wait for one to end, or cancel one.")
            {
                RetryAfterSeconds = 10,
            };
        }

        var approved = request.ApprovalId is not null;
        var job = new StoredJob
        {
            Id = Guid.NewGuid(),
            Collection = request.Action.Collection.Name,
            Action = request.Action.Name,
            Payload = request.Body,
            TimeZone = request.TimeZone,
            Requester = System.Text.Json.JsonSerializer.Serialize(request.User),
            RequesterId = request.OwnerId,
            RequesterEmail = request.OwnerEmail,
            ApprovalId = request.ApprovalId,
            ApproverId = approved ? request.User.Id : null,
            ApproverEmail = approved ? request.User.Email : null,
            Resumable = request.Action.IsResumable,
            Total = request.KnownTotal,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        store.Set<StoredJob>().Add(job);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await JobScheduling.ScheduleAsync(services, job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not scheduled: the job must not stay queued for ever; the call is refused, nothing queued.
            await store.Set<StoredJob>().Where(j => j.Id == job.Id).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return new BackgroundJobTicket(job.Id, job.Status);
    }
}
