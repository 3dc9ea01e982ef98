namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>A fresh Live Demo per test, in Production (rules enforced), with its application SQL recorded.</summary>
public abstract class SqlLoggedLiveDemo(string provider = LiveDemoFactory.Sqlite)
{
    /// <summary>The provider of this run of the fixture.</summary>
    protected string Provider => provider;

    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected SqlCommandLog Log { get; private set; } = null!;

    [SetUp]
    public void StartLiveDemo()
    {
        Log = new SqlCommandLog();
        Factory = LiveDemoFactory.For(provider, Log, "Production");
    }

    [TearDown]
    public void StopLiveDemo() => Factory?.Dispose();
}
