using Forest.Mvc.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forest.Mvc;

/// <summary>Registers background actions (<c>[SmartAction(…, Background = true)]</c>) on Quartz.NET.</summary>
public static class ForestJobsExtensions
{
    /// <summary>
    /// Runs the actions declared with <c>Background = true</c> as jobs on Quartz.NET, in the store's database (its
    /// <c>QRTZ_*</c> tables, clustered on PostgreSQL and SQL Server): the queue behind the call's 200 with the job, the
    /// runner, the sweeper, the jobs API (<c>/forest/jobs</c>) and the console's Jobs screen. Call it after
    /// <c>AddStore(...)</c>. Without it, an action declared with <c>Background = true</c> stops the startup.
    /// </summary>
    /// <param name="builder">The Forest builder, with a store.</param>
    /// <param name="configure">Optional settings, applied after the <c>Forest:Jobs</c> configuration section.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddStore(...)</c> was not called first.</exception>
    public static ForestBuilder AddBackgroundJobs(this ForestBuilder builder, Action<ForestJobOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.StoreConfiguration is not { } store)
        {
            throw new InvalidOperationException("AddBackgroundJobs() keeps its jobs in the library's store: call AddStore(...) before it.");
        }

        var services = builder.Services;
        if (configure is not null)
        {
            services.PostConfigure<ForestOptions>(options => configure(options.Jobs));
        }

        if (!builder.AddFeature(ForestFeatures.BackgroundJobs))
        {
            return builder;
        }

        services.Replace(ServiceDescriptor.Singleton<IBackgroundActionScheduler, BackgroundJobs>());
        services.Replace(ServiceDescriptor.Singleton<IBackgroundJobList, JobList>());
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobResults>();
        services.TryAddTransient<ForestActionJob>();
        services.AddSingleton(new ForestRouteContribution { Audited = JobEndpoints.Map });

        // After the store's initializer (AddStore came first): Quartz's scheduler starts once the database is migrated.
        JobScheduling.Add(services, store);
        return builder;
    }
}
