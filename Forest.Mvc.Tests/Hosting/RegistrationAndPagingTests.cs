using Forest.Mvc.Hosting;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>Defects found while reading the code: a second <c>AddForest</c> call, page numbers near int.MaxValue.</summary>
[TestFixture]
public sealed class RegistrationAndPagingTests
{
    [Test]
    public void AddForest_CalledTwice_AppliesBothDelegates()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddForest(o => { o.AuthSecret = LiveDemoFactory.Secret; o.MaxFilterConditions = 10; });
        services.AddForest(o => o.MaxFilterValues = 20);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ForestOptions>>().Value;

        Assert.That((options.MaxFilterConditions, options.MaxFilterValues), Is.EqualTo((10, 20)));
    }

    [TestCase("/forest/activity?page[number]=2147483647&page[size]=50")]
    [TestCase("/forest/approvals?view=history&page[number]=2147483647&page[size]=100")]
    public async Task HugePageNumber_IsAnEmptyPage_NotAnOverflow(string path)
    {
        using var factory = new LiveDemoFactory();
        var admin = await ForestApi.LoginAsync(factory);
        var manager = await ForestApi.LoginAsync(factory, "manager@forest.demo");
        var requested = await manager.TriggerAsync("suspend", ForestApi.Body("companies", ["3"]));
        var approval = (await ForestApi.JsonAsync(requested))["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();
        await admin.Client.PostAsync($"/forest/approvals/{approval}/reject", null);
        var firstPage = await admin.Client.GetAsync(path.Replace("2147483647", "1"));
        Assert.That((await ForestApi.JsonAsync(firstPage))["data"]!.AsArray(), Is.Not.Empty, "there is something to page through");

        var response = await admin.Client.GetAsync(path);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That((await ForestApi.JsonAsync(response))["data"]!.AsArray(), Is.Empty);
    }
}
