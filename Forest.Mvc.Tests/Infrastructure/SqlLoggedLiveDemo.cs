namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// One Live Demo per fixture, in Production (rules enforced), with its application SQL recorded; the log is
/// cleared before each test. Tests make or pick their own records, so they do not depend on each other's order.
/// </summary>
public abstract class SqlLoggedLiveDemo(string provider = LiveDemoFactory.Sqlite)
{
    /// <summary>The provider of this run of the fixture.</summary>
    protected string Provider => provider;

    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected SqlCommandLog Log { get; } = new();

    [OneTimeSetUp]
    public void StartLiveDemo() => Factory = LiveDemoFactory.For(provider, Log, "Production");

    [SetUp]
    public void ClearLog() => Log.Clear();

    [OneTimeTearDown]
    public void StopLiveDemo() => Factory?.Dispose();
}
