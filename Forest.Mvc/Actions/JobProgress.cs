namespace Forest.Mvc;

/// <summary>
/// The progress of a background action's job (<c>[SmartAction(..., Background = true)]</c>), read in the action as
/// <c>Progress</c>: how much is done, a message, and each record's outcome for the job's report. Changes are kept in
/// memory and written to the store about once a second. Outside a background job every call does nothing.
/// </summary>
public sealed class JobProgress
{
    /// <summary>The most record outcomes one job keeps for its report; later ones are counted, not kept.</summary>
    public const int MaxReportedRecords = 100_000;

    private readonly object _gate = new();
    private readonly List<JobRecordOutcome> _pending = [];
    private long _done;
    private long? _total;
    private string? _message;
    private int _reported;
    private bool _changed;

    internal JobProgress(Guid? jobId) => JobId = jobId;

    /// <summary>The progress of an action that runs in its request: nothing is kept.</summary>
    internal static JobProgress None { get; } = new(null);

    internal Guid? JobId { get; }

    /// <summary>Whether the action runs as a background job (else the calls do nothing).</summary>
    public bool IsBackground => JobId is not null;

    /// <summary>How many units are done so far.</summary>
    public long Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>Sets how many units the job has to do (records, rows, files…), for the progress bar.</summary>
    /// <param name="total">The total, zero or more.</param>
    public void SetTotal(long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        Change(() => _total = total);
    }

    /// <summary>Adds <paramref name="count"/> units to those done.</summary>
    /// <param name="count">How many more units are done.</param>
    public void Advance(long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Change(() => _done += count);
    }

    /// <summary>Shows a short message with the progress (500 characters at most are kept).</summary>
    /// <param name="message">What the job is doing.</param>
    public void Report(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Change(() => _message = message.Length > 500 ? message[..500] : message);
    }

    /// <summary>Records that the job succeeded on one record (a line of the job's report).</summary>
    /// <param name="recordId">The record's id.</param>
    public void RecordSucceeded(string recordId) => Record(recordId, true, null);

    /// <summary>Records that the job failed on one record, and why (a line of the job's report).</summary>
    /// <param name="recordId">The record's id.</param>
    /// <param name="reason">Why it failed (500 characters at most are kept).</param>
    public void RecordFailed(string recordId, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Record(recordId, false, reason.Length > 500 ? reason[..500] : reason);
    }

    private void Record(string recordId, bool succeeded, string? reason)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        Change(() =>
        {
            if (_reported < MaxReportedRecords)
            {
                _reported++;
                _pending.Add(new JobRecordOutcome(recordId.Length > 200 ? recordId[..200] : recordId, succeeded, reason));
            }
        });
    }

    private void Change(Action change)
    {
        if (JobId is null)
        {
            return;
        }

        lock (_gate)
        {
            change();
            _changed = true;
        }
    }

    /// <summary>The progress of the job <paramref name="jobId"/>, for the background jobs add-on's runner.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <returns>A reporter the action writes to, and the runner reads with <see cref="TakeChanges"/>.</returns>
    public static JobProgress ForJob(Guid jobId) => new(jobId);

    /// <summary>What changed since the last call, or <see langword="null"/> (the runner writes it to the store about once a second).</summary>
    /// <returns>The changes, or <see langword="null"/> when nothing changed.</returns>
    public JobProgressChanges? TakeChanges()
    {
        lock (_gate)
        {
            if (!_changed)
            {
                return null;
            }

            var changes = new JobProgressChanges(_done, _total, _message, [.. _pending]);
            _pending.Clear();
            _changed = false;
            return changes;
        }
    }
}

/// <summary>One record's outcome, as the action reported it.</summary>
/// <param name="RecordId">The record's id.</param>
/// <param name="Succeeded">Whether the action succeeded on it.</param>
/// <param name="Reason">Why it failed, if it did.</param>
public sealed record JobRecordOutcome(string RecordId, bool Succeeded, string? Reason);

/// <summary>The progress a job's runner writes to the store in one batch.</summary>
/// <param name="Done">How many records are done.</param>
/// <param name="Total">How many there are, when known.</param>
/// <param name="Message">The last message, if any.</param>
/// <param name="Records">The records' outcomes reported since the last batch.</param>
public sealed record JobProgressChanges(long Done, long? Total, string? Message, IReadOnlyList<JobRecordOutcome> Records);
