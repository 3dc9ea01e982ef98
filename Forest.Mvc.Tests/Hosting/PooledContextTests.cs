using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// The Live Demo pools its DbContext (AddDbContextPool). Forest bounds the commands of the request's context
/// (Forest:DatabaseTimeout); a context back in the pool must not keep that bound for the application's own code.
/// </summary>
[TestFixture]
public sealed class PooledContextTests
{
    [Test]
    public async Task AfterForestServedRequests_APooledContext_HasTheApplicationsOwnTimeoutAgain()
    {
        using var factory = new LiveDemoFactory([("Forest:DatabaseTimeout", "00:00:07")]);
        var admin = await ForestApi.LoginAsync(factory);
        for (var i = 0; i < 10; i++)
        {
            Assert.That((int)(await admin.Client.GetAsync($"/forest/companies/{i + 1}")).StatusCode, Is.EqualTo(200));
        }

        // The contexts the requests used are back in the pool; the application takes them as configured.
        var timeouts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => factory.WithDbAsync(db => Task.FromResult(db.Database.GetCommandTimeout()))));
        Assert.That(timeouts, Is.All.Not.EqualTo(7));
    }
}
