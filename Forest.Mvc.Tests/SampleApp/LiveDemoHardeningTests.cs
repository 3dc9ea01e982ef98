using System.Net;
using System.Text;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.SampleApp;

/// <summary>
/// The Live Demo is no soft target: the CRM webhook address never comes from the Host header, its inbox needs the
/// shared secret (and the Forest token to be read), and Swagger is served in Development only unless exposed on purpose.
/// </summary>
[TestFixture]
public sealed class LiveDemoHardeningTests
{
    [Test]
    public async Task NotifyCrm_WebhookAddress_IgnoresTheHostHeader()
    {
        using var factory = new LiveDemoFactory();
        var api = await ForestApi.LoginAsync(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/actions/notify-crm?timezone=UTC")
        {
            Content = new StringContent(ForestApi.Body("companies", ["1"]).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "attacker.example";

        var response = await api.Client.SendAsync(request);

        var url = (await ForestApi.JsonAsync(response))["webhook"]!["url"]!.GetValue<string>();
        Assert.That(url, Does.Not.Contain("attacker.example"));
        Assert.That(url, Does.EndWith("/demo/webhook-inbox"));
    }

    [Test]
    public async Task NotifyCrm_WebhookAddress_ComesFromConfiguration()
    {
        using var factory = new LiveDemoFactory(("LiveDemo:CrmWebhookUrl", "https://crm.example.com/hooks/forest"));
        var api = await ForestApi.LoginAsync(factory);

        var response = await api.TriggerAsync("notify-crm", ForestApi.Body("companies", ["1"]));

        Assert.That((await ForestApi.JsonAsync(response))["webhook"]!["url"]!.GetValue<string>(), Is.EqualTo("https://crm.example.com/hooks/forest"));
    }

    [Test]
    public async Task WebhookInbox_NeedsTheSecret_AndTheTokenToBeRead()
    {
        using var factory = new LiveDemoFactory(("LiveDemo:CrmWebhookSecret", "demo-secret"));
        var api = await ForestApi.LoginAsync(factory);
        using var anonymous = factory.CreateClient();
        StringContent Call() => new("{\"companyIds\":[\"1\"]}", Encoding.UTF8, "application/json");

        var forged = await anonymous.PostAsync("/demo/webhook-inbox", Call());
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/demo/webhook-inbox") { Content = Call() };
        signed.Headers.Add("X-Webhook-Secret", "demo-secret");
        var genuine = await anonymous.SendAsync(signed);

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await anonymous.GetAsync("/demo/webhook-inbox")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await (await api.Client.GetAsync("/demo/webhook-inbox")).Content.ReadAsStringAsync(), Does.Contain("companyIds"));
    }

    [TestCase(null, HttpStatusCode.NotFound)]
    [TestCase("true", HttpStatusCode.OK)]
    public async Task Swagger_InProduction_OnlyWhenExposedOnPurpose(string? expose, HttpStatusCode expected)
    {
        using var factory = new LiveDemoFactory(("LiveDemo:ExposeSwagger", expose)) { Environment = "Production" };
        using var client = factory.CreateClient();

        Assert.That((await client.GetAsync("/swagger/v1/swagger.json")).StatusCode, Is.EqualTo(expected));
        Assert.That((await client.GetAsync("/swagger/index.html")).StatusCode, Is.EqualTo(expected));
    }
}
