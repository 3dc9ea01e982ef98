using System.Diagnostics.Metrics;

namespace Forest.Mvc.Activity;

/// <summary>The gauge <c>forest.audit.queue</c>: activity entries waiting to be written.</summary>
internal sealed class AuditGauges(ActivityWriter writer) : Diagnostics.IForestGauges
{
    public void Register(Meter meter) =>
        meter.CreateObservableGauge("forest.audit.queue", () => writer.QueueLength, "{entry}", "Activity entries waiting to be written.");
}
