using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Forest.Mvc.Diagnostics;

/// <summary>
/// OpenTelemetry-ready instrumentation with the BCL primitives: an <see cref="ActivitySource"/> named
/// <c>Forest.Mvc</c> (a span per action call) and a <see cref="Meter"/> of the same name (actions run, refused and
/// failed, their duration, and the gauges the features add: the audit queue, the pending approvals). Tags name the action, the collection, the outcome
/// and the number of records, never a form value.
/// </summary>
internal sealed class ForestTelemetry
{
    public const string Name = "Forest.Mvc";

    /// <summary>The source of the action spans.</summary>
    public static readonly ActivitySource Source = new(Name, typeof(ForestTelemetry).Assembly.GetName().Version?.ToString());

    public ForestTelemetry(IMeterFactory meters, IEnumerable<IForestGauges> gauges)
    {
        var meter = meters.Create(Name, typeof(ForestTelemetry).Assembly.GetName().Version?.ToString());
        Run = meter.CreateCounter<long>("forest.actions.run", "{call}", "Smart action calls whose method ran.");
        Refused = meter.CreateCounter<long>("forest.actions.refused", "{call}", "Smart action calls refused before the method ran (token, body, selection, permission, enablement, approval).");
        Failed = meter.CreateCounter<long>("forest.actions.failed", "{call}", "Smart action calls whose method threw or answered 5xx.");
        Duration = meter.CreateHistogram<double>("forest.actions.duration", "ms", "Duration of smart action calls, from the pipeline's first stage to the answer.");
        foreach (var gauge in gauges)
        {
            gauge.Register(meter);
        }
    }

    public Counter<long> Run { get; }

    public Counter<long> Refused { get; }

    public Counter<long> Failed { get; }

    public Histogram<double> Duration { get; }
}

/// <summary>Gauges a feature adds to the <c>Forest.Mvc</c> meter (registered as services, read when the meter is made).</summary>
internal interface IForestGauges
{
    /// <summary>Creates the feature's gauges on <paramref name="meter"/>.</summary>
    void Register(Meter meter);
}
