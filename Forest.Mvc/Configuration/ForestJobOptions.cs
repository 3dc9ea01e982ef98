namespace Forest.Mvc;

/// <summary>Background actions' jobs (section <c>Forest:Jobs</c>), run by Quartz.NET in the store's database.</summary>
public sealed class ForestJobOptions
{
    /// <summary>How many jobs one instance runs at once (Quartz's thread count); more wait, queued.</summary>
    /// <value>Defaults to 4.</value>
    public int Threads { get; set; } = 4;

    /// <summary>How often each clustered instance checks in; a job of an instance silent for longer is recovered by another.</summary>
    /// <value>Defaults to 15 seconds.</value>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many jobs one user may have queued or running; over it, 429 <c>TooManyRequestsError</c>.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxQueuedPerUser { get; set; } = 20;

    /// <summary>How long a job's result (its file, its HTML) is kept after the job ends.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The folder where file results are kept (relative to the content root), instead of the store's database.
    /// Several instances must share it (a network volume); each file is deleted when its result expires.
    /// </summary>
    /// <value>Defaults to null: file results are kept in the store.</value>
    public string? ResultFolder { get; set; }

    /// <summary>
    /// How often each instance sweeps the jobs: it clears the results older than <see cref="ResultLifetime"/>, and
    /// marks <c>interrupted</c> a job left queued or running whose Quartz job no longer exists (so that no job stays
    /// running for ever).
    /// </summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest selection stored as ids; a larger select-all is stored as its filter and re-read when the job runs.</summary>
    /// <value>Defaults to 10 000.</value>
    public int MaxStoredIds { get; set; } = 10_000;
}
