namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>A fresh Live Demo per test, in Production (rules enforced), with its application SQL recorded.</summary>
public abstract class SqlLoggedLiveDemo
{
    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected SqlCommandLog Log { get; private set; } = null!;

    [SetUp]
    public void StartLiveDemo()
    {
        Log = new SqlCommandLog();
        Factory = LiveDemoFactory.WithSqlLog(Log, "Production");
    }

    [TearDown]
    public void StopLiveDemo() => Factory.Dispose();
}
