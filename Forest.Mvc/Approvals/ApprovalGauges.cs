using System.Diagnostics;
using System.Diagnostics.Metrics;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Approvals;

/// <summary>The gauge <c>forest.approvals.pending</c>: approval requests waiting for a decision.</summary>
internal sealed class ApprovalGauges(IServiceScopeFactory scopes) : Diagnostics.IForestGauges
{
    private static readonly TimeSpan PendingRefresh = TimeSpan.FromSeconds(10);

    private readonly object _pendingLock = new();
    private (long Count, long At)? _pending;

    public void Register(Meter meter) =>
        meter.CreateObservableGauge("forest.approvals.pending", PendingApprovals, "{request}", "Approval requests waiting for a decision (read from the store at most every 10 s).");

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
                    using var scope = scopes.CreateScope();
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
