using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Hosting;

/// <summary>
/// Makes the permission mode explicit at startup: Production needs a store for roles and permissions;
/// Development (nothing enforced) is refused when the host runs in Production and otherwise logs a warning.
/// </summary>
internal static partial class ForestEnvironmentCheck
{
    public static void Run(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ForestOptions>>().Value;
        var setup = services.GetRequiredService<ForestSetup>();
        var host = services.GetRequiredService<IHostEnvironment>();
        if (!options.IsDevelopment)
        {
            if (!setup.HasStore)
            {
                throw new InvalidOperationException(
                    "Forest.Mvc enforces roles and permissions (Forest:Environment is Production) and keeps them in its store: call AddStore(...) on the Forest builder, or set Forest:Environment to Development to run without permissions.");
            }

            return;
        }

        if (host.IsProduction())
        {
            throw new InvalidOperationException(
                "Forest:Environment is Development, which enforces no permission, scope or approval, but the application runs in Production. Remove the setting (Production is the default).");
        }

        LogDevelopment(services.GetRequiredService<ILoggerFactory>().CreateLogger("Forest.Mvc"), host.EnvironmentName);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "FOREST DEVELOPMENT ENVIRONMENT: roles, permissions, scopes and approvals are NOT enforced (Forest:Environment = Development, host environment {Environment}). Every authenticated user may trigger every action.")]
    private static partial void LogDevelopment(ILogger logger, string environment);
}
