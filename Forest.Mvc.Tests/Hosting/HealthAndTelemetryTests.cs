using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Hosting;

/// <summary><c>/forest/health</c> (status for anyone, detail with a token, 503 when a database is gone) and the <c>Forest.Mvc</c> spans and metrics.</summary>
[TestFixture]
[NonParallelizable] // its listeners hear every host of the process: no other fixture may run meanwhile
public sealed class HealthAndTelemetryTests
{
    [Test]
    public async Task Health_IsAnonymousStatus_DetailWithAToken_And503WhenTheStoreIsGone()
    {
        using var factory = new LiveDemoFactory();
        var admin = await ForestApi.LoginAsync(factory);

        var anonymous = await factory.CreateClient().GetAsync("/forest/health");
        var anonymousBody = await ForestApi.JsonAsync(anonymous);
        var detailed = await ForestApi.JsonAsync(await admin.Client.GetAsync("/forest/health"));

        SqliteConnection.ClearAllPools();
        var store = Path.Combine(factory.Directory, "forest-store.db");
        foreach (var file in new[] { store, store + "-wal", store + "-shm" })
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(store); // the store file is now a folder: no connection can open it
        var gone = await factory.CreateClient().GetAsync("/forest/health");

        Assert.Multiple(async () =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(anonymousBody.ToJsonString(), Is.EqualTo("""{"status":"Healthy"}"""));
            Assert.That(detailed["checks"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["status"]!.GetValue<string>())),
                Is.EqualTo(new[] { ("forest-data", "Healthy"), ("forest-store", "Healthy") }));
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await ForestApi.JsonAsync(gone))["status"]!.GetValue<string>(), Is.EqualTo("Unhealthy"));
        });
    }

    [Test]
    public async Task ActionCalls_AreSpansAndMeasurements_WithoutFormValues()
    {
        using var factory = new LiveDemoFactory();
        var admin = await ForestApi.LoginAsync(factory);
        var company = await factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).Select(c => c.Id).FirstAsync());
        var spans = new List<System.Diagnostics.Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Forest.Mvc",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Forest.Mvc")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        }

        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();

        var ran = await admin.TriggerAsync("mark-as-live", ForestApi.Body("companies", [company.ToString()]));
        var refused = await admin.TriggerAsync("mark-as-live", ForestApi.Body("companies", [company.ToString()]));
        var charged = await admin.TriggerAsync("charge-credit-card", ForestApi.Body("customers", ["1"], new JsonObject { ["amount"] = 4242.17, ["description"] = "secret-note" }));
        meters.RecordObservableInstruments();

        List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string instrument) => [.. measurements.Where(m => m.Instrument == instrument)];
        var markAsLive = spans.Where(s => s.DisplayName == "smart_action Mark as Live").ToList();
        var traced = await ForestApi.JsonAsync(await admin.Client.GetAsync($"/forest/activity?traceId={markAsLive[0].TraceId.ToHexString()}"));
        Assert.Multiple(() =>
        {
            Assert.That(traced["data"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "Mark as Live" }), "the audit line carries the span's trace id");
            Assert.That((ran.IsSuccessStatusCode, refused.StatusCode, charged.IsSuccessStatusCode), Is.EqualTo((true, HttpStatusCode.BadRequest, true)));
            Assert.That(markAsLive.Select(s => s.GetTagItem("forest.outcome")), Is.EqualTo(new object[] { "succeeded", "refused" }));
            Assert.That(markAsLive[0].GetTagItem("forest.records"), Is.EqualTo(1));
            Assert.That(markAsLive[0].GetTagItem("forest.collection"), Is.EqualTo("companies"));
            Assert.That(spans.SelectMany(s => s.TagObjects).Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)), Has.None.Contain("secret-note").And.None.Contain("4242"));
            Assert.That(Of("forest.actions.run").Where(m => Equals(m.Tags["forest.action"], "Mark as Live")).Select(m => m.Tags["forest.outcome"]), Is.EqualTo(new object[] { "succeeded" }));
            Assert.That(Of("forest.actions.refused").Count(m => Equals(m.Tags["forest.action"], "Mark as Live")), Is.EqualTo(1));
            Assert.That(Of("forest.actions.duration").Count(m => Equals(m.Tags["forest.action"], "Mark as Live")), Is.EqualTo(2));
            Assert.That(Of("forest.audit.queue"), Is.Not.Empty);
            Assert.That(Of("forest.approvals.pending"), Is.Not.Empty);
        });
    }

    [Test]
    public void LiveDemo_ExportsWithOpenTelemetry_OnlyWhenAnEndpointIsSet()
    {
        using var plain = new LiveDemoFactory();
        using var exporting = new LiveDemoFactory(("LiveDemo:OtlpEndpoint", "http://127.0.0.1:9"));

        Assert.Multiple(() =>
        {
            Assert.That(plain.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)), Is.Null);
            Assert.That(exporting.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)), Is.Not.Null);
            Assert.That(exporting.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)), Is.Not.Null);
        });
    }
}
