using Quartz;

namespace Forest.Mvc.Jobs;

/// <summary>The Quartz job that runs one stored background action (its id in the job data).</summary>
internal sealed class ForestActionJob(JobRunner runner) : IJob
{
    public const string JobIdKey = "forest.job";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = Guid.ParseExact(context.MergedJobDataMap.GetString(JobIdKey)!, "N");
        return new ValueTask(runner.RunAsync(id, cancellationToken));
    }
}
