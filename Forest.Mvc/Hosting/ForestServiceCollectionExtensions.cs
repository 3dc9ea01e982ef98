using Forest.Mvc.Actions;
using Forest.Mvc.Discovery;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Forest.Mvc.Hosting;
using Forest.Mvc.Invocation;
using Forest.Mvc.Configuration;
using Forest.Mvc.Http;

namespace Forest.Mvc;

/// <summary>Registers Forest.Mvc's services.</summary>
public static class ForestServiceCollectionExtensions
{
    /// <summary>
    /// Adds Forest.Mvc: smart action discovery, the request pipeline, token authentication (scheme
    /// <see cref="ForestAuthenticationDefaults.Scheme"/>) and the read routes. Options are bound from the
    /// configuration section <c>Forest</c>, then <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>A builder to name the <see cref="DbContext"/> with <c>AddEntityFrameworkCore</c>.</returns>
    public static ForestBuilder AddForest(this IServiceCollection services, Action<ForestOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ForestSetup))?.ImplementationInstance as ForestSetup;
        if (existing is not null)
        {
            // A second call adds its settings to the first's, rather than dropping them.
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return new ForestBuilder(services, existing);
        }

        var setup = new ForestSetup();
        services.AddSingleton(setup);
        services.AddOptions<ForestOptions>()
            .BindConfiguration(ForestOptions.SectionName)
            .Configure(options => configure?.Invoke(options))
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (configuration[ForestAuthenticationDefaults.SecretVariable] is { Length: > 0 } secret)
                {
                    options.AuthSecret = secret;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ForestOptions>, ForestOptionsValidator>());

        services.AddControllers();
        services.AddAuthentication().AddJwtBearer(ForestAuthenticationDefaults.Scheme, _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CorsOptions>, ForestCors>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApplicationModelProvider, SmartActionApplicationModelProvider>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateRegistry);
        services.TryAddSingleton<SchemaDocument>();
        services.TryAddSingleton<Console.ConsoleAssets>();
        services.TryAddSingleton(provider =>
        {
            var forest = provider.GetRequiredService<IOptions<ForestOptions>>().Value;
            return new RecordsQueryBuilder(provider.GetRequiredService<ForestRegistry>(), provider.GetRequiredService<TimeProvider>(), new FilterLimits(forest.MaxFilterConditions, forest.MaxFilterValues));
        });
        services.TryAddSingleton<RecordsService>();
        services.TryAddSingleton(provider => new ForestModel(provider.GetRequiredService<ForestRegistry>()));
        services.TryAddSingleton<IBackgroundJobList, NoBackgroundJobList>();
        services.TryAddSingleton<IBackgroundActionScheduler, NoBackgroundActionScheduler>();
        services.TryAddSingleton<IBackgroundActionRunner, BackgroundActionRunner>();
        services.TryAddSingleton<Actions.IApprovalRecords, Actions.NoApprovalRecords>();
        AddInvocation(services);
        services.TryAddScoped<Permissions.SelectionResolver>();
        services.TryAddScoped<RecordReads>();
        services.TryAddSingleton<Invocation.ActionRateLimits>();
        services.TryAddSingleton<LiveQuerySegments>();
        services.AddMetrics();
        services.TryAddSingleton<Diagnostics.ForestTelemetry>();
        services.TryAddScoped<Permissions.AccessControl>();
        services.TryAddSingleton<Activity.IActivitySink, Activity.NoActivitySink>();
        services.TryAddScoped<Activity.ActivityLog>();
        services.TryAddScoped<ISecurityLog>(provider => provider.GetRequiredService<Activity.ActivityLog>());
        services.TryAddScoped<Actions.IActionEventLog>(provider => provider.GetRequiredService<Activity.ActivityLog>());
        services.TryAddSingleton<IUserSessions, TokenOnlySessions>();
        services.TryAddSingleton<Storage.IStoreAccess, Storage.NoStore>();
        services.TryAddSingleton<IForestLoginService, NoLoginService>();
        services.TryAddScoped<LoginProtection>();
        services.TryAddSingleton<IForestTokenService, ForestTokenService>();
        services.TryAddSingleton<LoginAddressLimiter>();
        services.AddHostedService<ForestStartup>();
        // Compression first (outermost), then the error boundary: an error answer is compressed too.
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Http.ForestResponseCompressionStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Errors.ForestErrorBoundaryStartupFilter>());
        return new ForestBuilder(services, setup);
    }

    /// <summary>The invocation pipeline: its core stages, the approval gate and the audit, the MVC filter and the invoker of other sources.</summary>
    private static void AddInvocation(IServiceCollection services)
    {
        services.TryAddSingleton<InvocationPipeline>();
        services.TryAddSingleton<SmartActionFilter>();
        services.TryAddSingleton<SmartActionInvoker>();
        services.TryAddSingleton<SmartActionDescriptors>();
        services.TryAddScoped<Records.DatabaseDeadline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, RateLimitStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, ResolveStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, AuthorizeStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, BindStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, Approvals.ApprovalGateStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, QueueStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationStage, Activity.AuditStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationObserver, Activity.DenialAudit>());
    }

    private static ForestRegistry CreateRegistry(IServiceProvider services)
    {
        var setup = services.GetRequiredService<ForestSetup>();
        var contextType = setup.DbContextType
            ?? throw new InvalidOperationException("Forest.Mvc has no data source: call AddEntityFrameworkCore<YourDbContext>() on the builder returned by AddForest().");
        using var scope = services.CreateScope();
        var context = (DbContext)scope.ServiceProvider.GetRequiredService(contextType);
        var feature = new ControllerFeature();
        services.GetRequiredService<ApplicationPartManager>().PopulateFeature(feature);
        var provider = context.Database.ProviderName ?? "unknown";
        var databaseType = provider[(provider.LastIndexOf('.') + 1)..].ToLowerInvariant();
        return ForestRegistryFactory.Create(contextType, databaseType, context.Model, setup.Model.Collections, feature.Controllers.Select(t => t.AsType()), setup.Features);
    }
}
