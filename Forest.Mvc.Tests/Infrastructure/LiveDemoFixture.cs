namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// A fixture sharing one Live Demo instance (fresh databases on <paramref name="provider"/>) and an admin's API
/// client across its tests. Fixtures declare <c>[TestFixture(LiveDemoFactory.Sqlite)]</c> and
/// <c>[TestFixture(LiveDemoFactory.PostgreSql)]</c> to run on both.
/// </summary>
public abstract class LiveDemoFixture(string provider = LiveDemoFactory.Sqlite)
{
    /// <summary>The provider of this run of the fixture.</summary>
    protected string Provider => provider;

    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected ForestApi Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartLiveDemoAsync()
    {
        Factory = LiveDemoFactory.For(provider);
        Api = await ForestApi.LoginAsync(Factory);
    }

    [OneTimeTearDown]
    public void StopLiveDemo() => Factory?.Dispose();
}
