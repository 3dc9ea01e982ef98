using System.Diagnostics;
using System.Diagnostics.Metrics;
using Forest.Mvc.Activity;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Diagnostics;

/// <summary>
/// OpenTelemetry-ready instrumentation with the BCL primitives: an <see cref="ActivitySource"/> named
/// <c>Forest.Mvc</c> (a span per action call) and a <see cref="Meter"/> of the same name (actions run, refused and
/// failed, their duration, pending approvals, the audit queue). Tags name the action, the collection, the outcome
/// and the number of records, never a form value.
/// </summary>
internal sealed class ForestTelemetry
{
    public const string Name = "Forest.Mvc";

    /// <summary>The source of the action spans.</summary>
    public static readonly ActivitySource Source = new(Name, typeof(ForestTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly TimeSpan PendingRefresh = TimeSpan.FromSeconds(10);

    private readonly IServiceScopeFactory _scopes;
    private readonly object _pendingLock = new();
    private (long Count, long At)? _pending;

    public ForestTelemetry(IMeterFactory meters, IServiceScopeFactory scopes, IServiceProvider services)
    {
        _scopes = scopes;
        var meter = meters.Create(Name, typeof(ForestTelemetry).Assembly.GetName().Version?.ToString());
        Run = meter.CreateCounter<long>("forest.actions.run", "{call}", "Smart action calls whose method ran.");
        Refused = meter.CreateCounter<long>("forest.actions.refused", "{call}", "Smart action calls refused before the method ran (token, body, selection, permission, enablement, approval).");
        Failed = meter.CreateCounter<long>("forest.actions.failed", "{call}", "Smart action calls whose method threw or answered 5xx.");
        Duration = meter.CreateHistogram<double>("forest.actions.duration", "ms", "Duration of smart action calls, from the pipeline's first stage to the answer.");
        if (services.GetService<ActivityWriter>() is { } writer)
        {
            meter.CreateObservableGauge("forest.audit.queue", () => writer.QueueLength, "{entry}", "Activity entries waiting to be written.");
            meter.CreateObservableGauge("forest.approvals.pending", PendingApprovals, "{request}", "Approval requests waiting for a decision (read from the store at most every 10 s).");
        }
    }

    public Counter<long> Run { get; }

    public Counter<long> Refused { get; }

    public Counter<long> Failed { get; }

    public Histogram<double> Duration { get; }

    /// <summary>The pending approvals, counted in the store at most every 10 s; nothing while the store cannot answer.</summary>
    private IEnumerable<Measurement<long>> PendingApprovals()
    {
        lock (_pendingLock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_pending is not { } cached || Stopwatch.GetElapsedTime(cached.At, now) > PendingRefresh)
            {
                try
                {
                    using var scope = _scopes.CreateScope();
                    var store = scope.ServiceProvider.GetRequiredService<ForestStoreContext>();
                    _pending = (store.Approvals.LongCount(a => a.Status == ApprovalStatus.Pending), now);
                }
                catch (Exception exception) when (Errors.ExceptionClassifier.IsUnavailable(exception) || exception is DbUpdateException or InvalidOperationException)
                {
                    return [];
                }
            }

            return [new Measurement<long>(_pending!.Value.Count)];
        }
    }
}
