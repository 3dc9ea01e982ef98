using Forest.Mvc.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Permissions;

/// <summary>
/// Listens to the store engine's change signal for the whole life of the instance (PostgreSQL: <c>LISTEN</c> on a
/// connection of its own), telling <see cref="ForestRules"/> what it hears; when the connection is lost, the rules
/// cache reads the version at every request and the listener connects again (1 s, doubling up to 30 s). On an engine
/// without a signal, it only sets the polling interval and ends.
/// </summary>
internal sealed partial class ForestRulesListener(IServiceScopeFactory scopes, ForestRules rules, ILogger<ForestRulesListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start goes on meanwhile
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
                if (rules.SignalOf(store) is not { } signal)
                {
                    rules.Polled();
                    return;
                }

                await signal.ListenAsync(store, () => { rules.Listening(); pause = FirstPause; }, rules.Heard, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogLost(logger, exception, pause.TotalSeconds);
            }

            rules.Lost();
            try
            {
                await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Forest.Mvc lost the store's change signal; every request reads the rules version until it listens again (in {Seconds} s).")]
    private static partial void LogLost(ILogger logger, Exception exception, double seconds);
}
