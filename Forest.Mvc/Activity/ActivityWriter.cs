using System.Threading.Channels;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Activity;

/// <summary>
/// Writes the activity log off the request path, in batches (one transaction, one flush to disk for many requests)
/// through a bounded channel. An entry whose writing the caller awaits (the pending entry of an action) is
/// committed before the call returns, grouped with whatever else is waiting; other entries (denials, confirmations,
/// approvals, security events) are retried until written and drained on a graceful stop, so nothing is lost.
/// </summary>
internal sealed partial class ActivityWriter(IServiceScopeFactory scopes, ILogger<ActivityWriter> logger) : IActivitySink, IHostedService, IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 1_000;
    private const int MaxRetained = 50_000;

    private readonly Channel<Item> _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly List<Item> _retry = [];
    private Task? _loop;
    private ActivityBulkInsert? _bulk;
    private ForestRelaxedCommit? _relaxedCommit;

    /// <summary>Entries waiting to be written (the <c>forest.audit.queue</c> gauge; a racy read is fine for a gauge).</summary>
    public bool Writes => true;

    public int QueueLength => _channel.Reader.Count + _retry.Count;

    /// <summary>Queues a new entry; the task completes once it is committed when <paramref name="awaitCommit"/>.</summary>
    public async Task InsertAsync(StoredActivity entry, bool awaitCommit)
    {
        var done = awaitCommit ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        await WriteAsync(new Item(ItemKind.Insert, entry, done)).ConfigureAwait(false);
        if (done is not null)
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Queues the confirmation of a committed entry (its outcome, status and duration were set).</summary>
    public Task ConfirmAsync(StoredActivity entry) => WriteAsync(new Item(ItemKind.Confirm, entry, null)).AsTask();

    /// <summary>Completes once everything queued before the call has been written (or has failed and waits for a retry).</summary>
    public async Task FlushAsync()
    {
        if (_loop is null)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_channel.Writer.TryWrite(new Item(ItemKind.Flush, null, done)) || await WriteOrFalseAsync(new Item(ItemKind.Flush, null, done)).ConfigureAwait(false))
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>A graceful stop writes everything queued so far; the loop keeps running until disposal for late requests.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => FlushAsync().WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogLost(logger, _channel.Reader.Count + _retry.Count);
            }
        }
    }

    /// <summary>For containers disposed synchronously: drains the same way.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private ValueTask WriteAsync(Item item)
    {
        if (_loop is null)
        {
            // Not started (a host without hosted services, e.g. some test setups): write inline.
            return new ValueTask(WriteBatchAsync([item]));
        }

        return _channel.Writer.TryWrite(item) ? ValueTask.CompletedTask : WriteSlowAsync(item);
    }

    private async ValueTask WriteSlowAsync(Item item)
    {
        if (!await WriteOrFalseAsync(item).ConfigureAwait(false))
        {
            // Stopped: the host is going away; write this one inline rather than lose it.
            await WriteBatchAsync([item]).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> WriteOrFalseAsync(Item item)
    {
        try
        {
            await _channel.Writer.WriteAsync(item).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (true)
        {
            if (_retry.Count == 0)
            {
                if (!await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
            else
            {
                // Entries wait for a retry: try again after a pause, or as soon as more come.
                await Task.WhenAny(_channel.Reader.WaitToReadAsync().AsTask(), Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
            }

            batch.AddRange(_retry);
            _retry.Clear();
            while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
            if (_channel.Reader.Completion.IsCompleted && _retry.Count > 0)
            {
                LogLost(logger, _retry.Count);
                _retry.Clear();
            }
        }
    }

    private async Task WriteBatchAsync(List<Item> batch)
    {
        var writes = batch.Where(i => i.Kind != ItemKind.Flush).ToList();
        var failure = writes.Count == 0 ? null : await TrySaveAsync(writes).ConfigureAwait(false);
        if (failure is not null && writes.Count > 1 && !Errors.ExceptionClassifier.IsUnavailable(failure))
        {
            // Not the store being down: one bad entry must not hold back the others, so each is written alone.
            foreach (var item in writes)
            {
                Settle(item, await TrySaveAsync([item]).ConfigureAwait(false), alone: true);
            }
        }
        else
        {
            foreach (var item in writes)
            {
                Settle(item, failure, alone: writes.Count == 1);
            }
        }

        foreach (var flush in batch.Where(i => i.Kind == ItemKind.Flush))
        {
            flush.Done!.TrySetResult();
        }
    }

    private async Task<Exception?> TrySaveAsync(List<Item> writes)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();

            // Entries nobody waits for and nobody confirms later need no generated id: one multi-row INSERT.
            var bulk = new List<StoredActivity>();
            foreach (var item in writes)
            {
                if (item.Kind == ItemKind.Insert && item.Done is null)
                {
                    bulk.Add(item.Entry!);
                }
                else if (item.Kind == ItemKind.Insert)
                {
                    item.Entry!.Id = 0;
                    store.Activity.Add(item.Entry);
                }
                else
                {
                    var entry = store.Activity.Attach(item.Entry!);
                    entry.Property(a => a.Outcome).IsModified = true;
                    entry.Property(a => a.Status).IsModified = true;
                    entry.Property(a => a.DurationMs).IsModified = true;
                }
            }

            if (bulk.Count == 0)
            {
                await store.SaveChangesAsync().ConfigureAwait(false);
                return null;
            }

            if (_bulk is null)
            {
                _bulk = new ActivityBulkInsert(store);
                _relaxedCommit = Storage.Migrations.StoreProvider.For(store.Database.ProviderName, scope.ServiceProvider.GetServices<IForestStoreProvider>()).RelaxedCommit;
            }

            // A batch that nobody waits for was never durable before it got here (it waited in memory): its commit
            // need not wait for the disk either. A batch with an action's pending entry keeps the store's durability.
            var relaxed = bulk.Count == writes.Count ? _relaxedCommit : null;
            await store.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await store.Database.OpenConnectionAsync().ConfigureAwait(false);
                try
                {
                    await using var restore = relaxed is null ? null : await relaxed.RelaxConnectionAsync(store, CancellationToken.None).ConfigureAwait(false);
                    await using var transaction = await store.Database.BeginTransactionAsync().ConfigureAwait(false);
                    if (relaxed is not null)
                    {
                        await relaxed.RelaxTransactionAsync(store, CancellationToken.None).ConfigureAwait(false);
                    }

                    await _bulk.InsertAsync(store, bulk).ConfigureAwait(false);
                    await store.SaveChangesAsync(acceptAllChangesOnSuccess: false).ConfigureAwait(false);
                    await transaction.CommitAsync().ConfigureAwait(false);
                }
                finally
                {
                    await store.Database.CloseConnectionAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            store.ChangeTracker.AcceptAllChanges();
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogBatchFailed(logger, exception, writes.Count);
            return exception;
        }
    }

    /// <summary>Tells the waiting caller, or keeps the entry for a retry while the store is unavailable.</summary>
    private void Settle(Item item, Exception? failure, bool alone)
    {
        if (failure is null)
        {
            item.Done?.TrySetResult();
        }
        else if (item.Done is not null)
        {
            // The caller is told (an action whose entry cannot be written does not run); no retry.
            item.Done.TrySetException(failure);
        }
        else if (alone && !Errors.ExceptionClassifier.IsUnavailable(failure))
        {
            LogDropped(logger, failure, item.Entry!.Kind, item.Entry.Action);
        }
        else if (_retry.Count < MaxRetained)
        {
            _retry.Add(item);
        }
        else
        {
            LogLost(logger, 1);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "A batch of {Count} activity entries could not be written.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "An activity entry ({Kind}, {Action}) cannot be written and was dropped.")]
    private static partial void LogDropped(ILogger logger, Exception exception, string kind, string action);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "{Count} activity entries could not be written and were dropped.")]
    private static partial void LogLost(ILogger logger, int count);

    private enum ItemKind
    {
        Insert,
        Confirm,
        Flush,
    }

    private sealed record Item(ItemKind Kind, StoredActivity? Entry, TaskCompletionSource? Done);
}

/// <summary>Where activity entries go: the store's batched writer (<see cref="ActivityWriter"/>), or nowhere without a store.</summary>
internal interface IActivitySink
{
    /// <summary>Whether entries are kept (a store is configured).</summary>
    bool Writes { get; }

    /// <summary>Queues an entry; with <paramref name="awaitCommit"/>, completes once it is committed (and throws when it cannot be).</summary>
    Task InsertAsync(StoredActivity entry, bool awaitCommit);

    /// <summary>Updates an entry written before with its outcome.</summary>
    Task ConfirmAsync(StoredActivity entry);

    /// <summary>Completes once every entry queued so far is written.</summary>
    Task FlushAsync();
}

/// <summary>Without a store: entries are not kept.</summary>
internal sealed class NoActivitySink : IActivitySink
{
    public bool Writes => false;

    public Task InsertAsync(StoredActivity entry, bool awaitCommit) => Task.CompletedTask;

    public Task ConfirmAsync(StoredActivity entry) => Task.CompletedTask;

    public Task FlushAsync() => Task.CompletedTask;
}
