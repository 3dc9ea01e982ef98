namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>A fixture sharing one Live Demo instance (fresh database) and an admin's API client across its tests.</summary>
public abstract class LiveDemoFixture
{
    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected ForestApi Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartLiveDemoAsync()
    {
        Factory = new LiveDemoFactory();
        Api = await ForestApi.LoginAsync(Factory);
    }

    [OneTimeTearDown]
    public void StopLiveDemo() => Factory.Dispose();
}
