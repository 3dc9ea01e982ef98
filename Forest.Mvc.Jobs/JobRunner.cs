using System.Text.Json;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Jobs;

/// <summary>
/// The entry point of a stored background job: the call is built from the job's stored request, runs as its
/// requester (as the store knows them now) through the same stages and the action's own MVC pipeline
/// (<see cref="IBackgroundActionRunner"/>), and its answer is kept as the job's result. Progress is written about
/// once a second, and a cancellation asked in the store (by any instance) cancels the action's token.
/// </summary>
internal sealed partial class JobRunner(IServiceScopeFactory scopes, ForestModel model, IBackgroundActionRunner runner, JobResults results, TimeProvider time, IOptions<ForestOptions> options, ILogger<JobRunner> logger)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(Guid id, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        var job = await store.Set<StoredJob>().SingleOrDefaultAsync(j => j.Id == id, shutdown).ConfigureAwait(false);
        if (job is null || JobStatus.IsFinal(job.Status))
        {
            return;
        }

        if (job.Status == JobStatus.Running && !job.Resumable)
        {
            // A run was cut short (the instance died): an action that is not resumable is never run twice.
            await FinishAsync(store, job, JobStatus.Interrupted, "The instance running the job stopped before it ended; the action is not resumable, so it was not run again.").ConfigureAwait(false);
            return;
        }

        var action = model.FindAction(job.Collection, job.Action);
        if (action is null)
        {
            await FinishAsync(store, job, JobStatus.Failed, $"The action '{job.Action}' no longer exists.").ConfigureAwait(false);
            return;
        }

        if (job.Status == JobStatus.Running)
        {
            LogResumed(logger, job.Id, job.Action);
            await store.Set<StoredJobRecord>().Where(r => r.JobId == job.Id).ExecuteDeleteAsync(shutdown).ConfigureAwait(false);
            job.Done = 0;
        }

        job.Status = JobStatus.Running;
        job.Attempts++;
        job.RunBy = Environment.MachineName + "/" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        job.StartedAt = time.GetUtcNow().UtcDateTime;
        await store.SaveChangesAsync(shutdown).ConfigureAwait(false);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var progress = JobProgress.ForJob(job.Id);
        var run = new BackgroundActionRun
        {
            Action = action,
            User = JsonSerializer.Deserialize<ForestUser>(job.Requester)!,
            Body = job.Payload,
            TimeZone = job.TimeZone,
            ApprovalId = job.ApprovalId,
            Progress = progress,
            Services = scope.ServiceProvider,
        };

        using var flushing = new CancellationTokenSource();
        var flusher = FlushLoopAsync(job.Id, progress, cancel, flushing.Token);
        string? failure = null;
        SmartActionRunResult? answer = null;
        try
        {
            answer = await runner.RunAsync(run, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || cancel.IsCancellationRequested)
        {
            failure = exception is OperationCanceledException ? null : exception.Message;
            LogFailed(logger, exception, job.Id, job.Action);
        }
        finally
        {
            await flushing.CancelAsync().ConfigureAwait(false);
            await flusher.ConfigureAwait(false);
        }

        if (shutdown.IsCancellationRequested)
        {
            return; // the instance is stopping: Quartz recovers the job (run again if resumable, else interrupted)
        }

        await SaveResultAsync(job.Id, progress, answer, failure).ConfigureAwait(false);
    }

    /// <summary>Writes the progress about once a second, and cancels the run when a cancellation was asked in the store.</summary>
    private async Task FlushLoopAsync(Guid id, JobProgress progress, CancellationTokenSource cancel, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (await FlushAsync(id, progress, CancellationToken.None).ConfigureAwait(false))
                {
                    await cancel.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
        catch (Exception exception)
        {
            LogProgressNotWritten(logger, exception, id); // the next flush (or the result) writes it
        }
    }

    /// <summary>Writes what changed; answers whether someone asked to cancel the job.</summary>
    private async Task<bool> FlushAsync(Guid id, JobProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        if (progress.TakeChanges() is { } changes)
        {
            // One transaction: a process killed between the two writes must not keep a count without its report lines.
            await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await store.Set<StoredJob>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Done, changes.Done)
                .SetProperty(j => j.Total, j => changes.Total ?? j.Total)
                .SetProperty(j => j.Message, j => changes.Message ?? j.Message), cancellationToken).ConfigureAwait(false);
            store.Set<StoredJobRecord>().AddRange(changes.Records.Select(r => new StoredJobRecord { JobId = id, RecordId = r.RecordId, Succeeded = r.Succeeded, Reason = r.Reason }));
            await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await store.Set<StoredJob>().AnyAsync(j => j.Id == id && j.CancelledBy != null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveResultAsync(Guid id, JobProgress progress, SmartActionRunResult? answer, string? failure)
    {
        await FlushAsync(id, progress, CancellationToken.None).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
        var job = await store.Set<StoredJob>().SingleAsync(j => j.Id == id).ConfigureAwait(false);
        var answered = answer?.Status ?? 500;
        var disposition = answer?.ContentDisposition ?? "";
        job.ResultStatus = answered;
        job.ResultContentType = answer?.ContentType;
        if (disposition.Length > 0)
        {
            await results.SaveAsync(job, answer!.Body.ToArray(), CancellationToken.None).ConfigureAwait(false);
            job.ResultFileName = answer.FileName("result");
        }
        else
        {
            job.ResultBody = answer?.Text ?? "";
        }

        job.ResultExpiresAt = time.GetUtcNow().UtcDateTime.Add(options.Value.Jobs.ResultLifetime);
        var status = job.CancelledBy is not null ? JobStatus.Cancelled
            : failure is not null || answered >= 400 ? JobStatus.Failed
            : JobStatus.Succeeded;
        await FinishAsync(store, job, status, failure).ConfigureAwait(false);
    }

    private async Task FinishAsync(ForestStoreContext store, StoredJob job, string status, string? message)
    {
        job.Status = status;
        job.FinishedAt = time.GetUtcNow().UtcDateTime;
        if (message is not null)
        {
            job.Message = message.Length > 500 ? message[..500] : message;
        }

        await store.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Background job {Job} ({Action}) is run again from the start after a crash (the action is resumable).")]
    private static partial void LogResumed(ILogger logger, Guid job, string action);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Background job {Job} ({Action}) failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid job, string action);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The progress of background job {Job} could not be written; it is written with the next batch.")]
    private static partial void LogProgressNotWritten(ILogger logger, Exception exception, Guid job);
}
