using System.Net;
using System.Text;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Cross-origin calls from a configured admin origin: preflight, credentials, and the exposed file name.</summary>
[TestFixture]
public sealed class CorsTests
{
    private const string Origin = "https://admin.example.com";

    [Test]
    public async Task ConfiguredOrigin_PassesThePreflight_AndSeesTheDownloadName()
    {
        await using var factory = new LiveDemoFactory(("Forest:CorsOrigins:0", Origin));
        var api = await ForestApi.LoginAsync(factory);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/forest/actions/generate-invoice");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var allowed = await api.Client.SendAsync(preflight);
        using var download = new HttpRequestMessage(HttpMethod.Post, "/forest/actions/generate-invoice")
        {
            Content = new StringContent(ForestApi.Body("customers", ["1"]).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        download.Headers.Add("Origin", Origin);
        var file = await api.Client.SendAsync(download);

        Assert.Multiple(() =>
        {
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Origin }));
            Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Credentials"), Is.EqualTo(new[] { "true" }));
            Assert.That(file.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Origin }));
            Assert.That(string.Join(",", file.Headers.GetValues("Access-Control-Expose-Headers")), Does.Contain("Content-Disposition"));
        });
    }

    [TestCase("/forest/actions/refund/hooks/load")]
    [TestCase("/forest/actions/refund/hooks/change")]
    public async Task FormHooks_AnswerCorsLikeTheirAction(string hook)
    {
        await using var factory = new LiveDemoFactory(("Forest:CorsOrigins:0", Origin));
        var api = await ForestApi.LoginAsync(factory);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, hook);
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var allowed = await api.Client.SendAsync(preflight);

        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Origin }));
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Credentials"), Is.EqualTo(new[] { "true" }));
    }

    [Test]
    public async Task OtherOrigins_AreNotAllowed()
    {
        await using var factory = new LiveDemoFactory(("Forest:CorsOrigins:0", Origin));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/forest/actions/generate-invoice");
        preflight.Headers.Add("Origin", "https://evil.example.net");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await factory.CreateClient().SendAsync(preflight);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
