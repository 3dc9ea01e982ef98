using Forest.Mvc.Tests.Infrastructure;

// Fixtures run side by side: much of a test's time is spent waiting on sockets, files, processes and the database
// server, so more fixtures than cores keep both cores busy (six measured best on two cores). Fixtures that read
// process-wide state (global listeners, the GC's memory) say [NonParallelizable].
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(6)]

/// <summary>Runs once around the whole test run (outside every namespace, so for every fixture).</summary>
[SetUpFixture]
#pragma warning disable CA1050 // an assembly-wide setup fixture must be outside every namespace
public sealed class TestRun
#pragma warning restore CA1050
{
    /// <summary>Starts the packages' pack and throwaway builds, which take long and mostly wait on processes.</summary>
    [OneTimeSetUp]
    public void Start() => Forest.Mvc.Tests.Packaging.PackedApps.StartEarly();

    /// <summary>Drops the template databases the run made and closes the shared chromium.</summary>
    [OneTimeTearDown]
    public async Task EndAsync()
    {
        LiveDemoTemplates.DropAll();
        await BrowserFixture.CloseChromiumAsync();
        await Forest.Mvc.Tests.Packaging.PackedApps.StopAsync();
    }
}
