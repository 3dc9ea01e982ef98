using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Runs on every instance, every <see cref="ForestJobOptions.SweepInterval"/>: clears the results whose lifetime
/// ended (the row's bytes and HTML, and the result folder's file), and marks <c>interrupted</c> a job still queued or
/// running whose Quartz job is gone (a trigger deleted by hand, a Quartz table emptied), so that no job stays
/// running for ever. Every change is conditional on the job's state, so instances may sweep at the same time.
/// </summary>
internal sealed partial class JobSweeper(IServiceScopeFactory scopes, IServiceProvider services, JobResults results, TimeProvider time, IOptions<ForestOptions> options, ILogger<JobSweeper> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Jobs.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, exception); // the store is unavailable: the next sweep does it
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
    }

    /// <summary>One sweep; answers how many results it cleared and how many lost jobs it ended.</summary>
    public async Task<(int Purged, int Interrupted)> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        var now = time.GetUtcNow().UtcDateTime;

        // Oldest first, in a stable order (a batch without an order is also an EF Core warning in the log).
        var expired = await store.Set<StoredJob>().Where(j => j.ResultExpiresAt < now && (j.ResultFile != null || j.ResultFileName != null || j.ResultBody != null))
            .OrderBy(j => j.ResultExpiresAt).Select(j => j.Id).Take(Batch).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in expired)
        {
            results.Delete(id);
        }

        var purged = await store.Set<StoredJob>().Where(j => expired.Contains(j.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.ResultFile, (byte[]?)null)
            .SetProperty(j => j.ResultFileName, (string?)null)
            .SetProperty(j => j.ResultBody, (string?)null), cancellationToken).ConfigureAwait(false);

        // A job is queued in the store just before Quartz is asked to run it: leave it one interval to get there.
        var settled = now - options.Value.Jobs.SweepInterval;
        var open = await store.Set<StoredJob>().Where(j => (j.Status == JobStatus.Queued || j.Status == JobStatus.Running) && j.CreatedAt < settled)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(Batch).ToListAsync(cancellationToken).ConfigureAwait(false);
        var lost = new List<Guid>();
        if (open.Count > 0)
        {
            var scheduler = await JobScheduling.Scheduler(services, cancellationToken).ConfigureAwait(false);
            foreach (var id in open)
            {
                if (!await scheduler.Exists(new JobKey(id.ToString("N"), JobScheduling.Group), cancellationToken).ConfigureAwait(false))
                {
                    lost.Add(id);
                }
            }
        }

        var interrupted = lost.Count == 0 ? 0 : await store.Set<StoredJob>()
            .Where(j => lost.Contains(j.Id) && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Interrupted)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Message, "The job was no longer scheduled (its Quartz job is gone), so it was ended."), cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogLostJobs(logger, interrupted);
        }

        return (purged, interrupted);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "The jobs sweep failed; it runs again at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "{Count} background jobs were queued or running without a Quartz job and were marked interrupted.")]
    private static partial void LogLostJobs(ILogger logger, int count);
}
