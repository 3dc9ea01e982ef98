using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Quartz.NET on a persistent ADO.NET job store in the library's store database: its <c>QRTZ_*</c> tables are
/// created by Quartz itself when the scheduler starts (they are not part of the store's EF Core migrations), and on
/// PostgreSQL or SQL Server the scheduler runs clustered, so that several instances share the jobs.
/// </summary>
internal static class JobScheduling
{
    public const string Group = "forest";

    /// <summary>The scheduler's name: its key in the container, and its instance name in the store (one cluster per store).</summary>
    public const string SchedulerName = "Forest.Mvc";

    public static void Add(IServiceCollection services, Action<DbContextOptionsBuilder> store)
    {
        var jobs = new ForestJobOptions(); // defaults; the configured values are applied to Quartz's options below
        var probe = new DbContextOptionsBuilder();
        store(probe);
        var relational = probe.Options.Extensions.OfType<RelationalOptionsExtension>().SingleOrDefault();
        if (relational?.ConnectionString is not { Length: > 0 } connectionString)
        {
            return; // no connection string to share (a DbConnection was given): background actions are refused at startup
        }

        var provider = relational.GetType().Assembly.GetName().Name;
        var clustered = provider is "Npgsql.EntityFrameworkCore.PostgreSQL" or "Microsoft.EntityFrameworkCore.SqlServer";
        services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.UseDefaultThreadPool(_ => { });
            quartz.UsePersistentStore(persistent =>
            {
                persistent.UseSystemTextJsonSerializer();
                switch (provider)
                {
                    case "Microsoft.EntityFrameworkCore.Sqlite":
                        persistent.UseSqlite(connectionString);
                        break;
                    case "Npgsql.EntityFrameworkCore.PostgreSQL":
                        persistent.UsePostgres(connectionString);
                        break;
                    case "Microsoft.EntityFrameworkCore.SqlServer":
                        persistent.UseSqlServer(connectionString);
                        break;
                    default:
                        throw new InvalidOperationException($"Background actions run on Quartz.NET in the store's database; the store's provider {provider} is not one Quartz supports here (SQLite, PostgreSQL, SQL Server).");
                }

                if (clustered)
                {
                    persistent.UseClustering(_ => { });
                }

                persistent.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(SchedulerName, hosted => hosted.WaitForJobsToComplete = false);
        services.AddSingleton<JobSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<JobSweeper>());

        // Forest:Jobs is bound at run time: it sets this scheduler's own options when they are read.
        services.AddOptions<QuartzSchedulerOptions>(SchedulerName).Configure(scheduler => scheduler.GenerateInstanceId = true);
        services.AddOptions<ThreadPoolOptions>(SchedulerName).Configure<IOptions<ForestOptions>>((pool, forest) => pool.MaxConcurrency = forest.Value.Jobs.Threads);
        services.AddOptions<ClusteringOptions>(SchedulerName).Configure<IOptions<ForestOptions>>((cluster, forest) => cluster.CheckinInterval = forest.Value.Jobs.ClusterCheckinInterval);
    }

    /// <summary>The library's scheduler (registered under its name, beside any scheduler of the application).</summary>
    public static async Task<IScheduler> Scheduler(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetKeyedService<IScheduler>(SchedulerName)
            ?? await services.GetRequiredKeyedService<ISchedulerFactory>(SchedulerName).GetScheduler(cancellationToken).ConfigureAwait(false);

    /// <summary>Schedules the run of a stored job now; it requests recovery, so a crash runs it again (or marks it interrupted).</summary>
    public static async Task ScheduleAsync(IServiceProvider services, Guid jobId, CancellationToken cancellationToken)
    {
        var scheduler = await Scheduler(services, cancellationToken).ConfigureAwait(false);
        var job = JobBuilder.Create<ForestActionJob>()
            .WithIdentity(jobId.ToString("N"), Group)
            .UsingJobData(ForestActionJob.JobIdKey, jobId.ToString("N"))
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(jobId.ToString("N"), Group).StartNow().Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), cancellationToken).ConfigureAwait(false);
    }

}
