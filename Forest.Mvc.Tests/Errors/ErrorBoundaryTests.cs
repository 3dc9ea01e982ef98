using System.Data.Common;
using System.Net;
using System.Text;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Errors;

/// <summary>
/// Whatever a request carries or whatever breaks while it is served, a Forest route answers one whole Forest JSON
/// error: 400 for invalid UTF-8, 413 for a body too large, 500 <c>UnexpectedError</c> with a correlation id and no
/// internals; and every answer carrying data or a token is marked <c>no-store</c> and <c>nosniff</c>.
/// </summary>
[TestFixture]
public sealed class ErrorBoundaryTests
{
    private readonly ThrowingInterceptor _boom = new();
    private LiveDemoFactory _factory = null!;
    private ForestApi _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new LiveDemoFactory { ExtraServices = services => services.ConfigureDbContext<LiveDemoContext>(o => o.AddInterceptors(_boom)) };
        _api = await ForestApi.LoginAsync(_factory);
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    [TearDown]
    public void Disarm() => _boom.Armed = false;

    private static ByteArrayContent Bytes(string before, string after)
    {
        var bytes = Encoding.UTF8.GetBytes(before).Concat(new byte[] { 0xff, 0xfe }).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static async Task<(int Status, string Name, string Detail)> ErrorOfAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), await response.Content.ReadAsStringAsync());
        return await ForestApi.ErrorAsync(response);
    }

    [TestCase("/forest/actions/suspend", "{\"data\":{\"attributes\":{\"collection_name\":\"", "\"}}}")]
    [TestCase("/forest/actions/suspend", "{\"data\":{\"attributes\":{\"collection_name\":\"companies\",\"ids\":[\"", "\"]}}}")]
    [TestCase("/forest/actions/mark-as-live", "{\"data\":{\"attributes\":{\"collection_name\":\"companies\",\"ids\":[\"1\"],\"values\":{\"x\":\"", "\"}}}}")]
    [TestCase("/forest/actions/refund/hooks/load", "{\"recordIds\":[\"", "\"],\"collectionName\":\"transactions\"}")]
    [TestCase("/forest/companies/actions", "{\"data\":{\"attributes\":{\"collection_name\":\"", "\"}}}")]
    [TestCase("/forest/approvals/5b1f2c5e-0000-4000-8000-000000000001/reject", "{\"message\":\"", "\"}")]
    [TestCase("/forest/management/roles", "{\"name\":\"", "\"}")]
    [TestCase("/forest/authentication", "{\"email\":\"", "\",\"password\":\"livedemo\"}")]
    public async Task InvalidUtf8InsideAJsonString_Is400(string path, string before, string after)
    {
        var response = await _api.Client.PostAsync(path, Bytes(before, after));

        var error = await ErrorOfAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(error.Name, Is.EqualTo("ValidationError"));
            Assert.That(error.Detail, Does.Contain("not valid UTF-8 JSON"));
        });
    }

    [Test]
    public async Task MalformedJson_OnTheActionsStateRoute_Is400()
    {
        var response = await _api.PostRawAsync("/forest/companies/actions", "{\"data\":");

        var error = await ErrorOfAsync(response);
        Assert.That((error.Status, error.Name), Is.EqualTo((400, "ValidationError")));
        Assert.That(error.Detail, Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task UnexpectedException_IsA500UnexpectedError_WithACorrelationId_AndNoInternals()
    {
        _boom.Armed = true;

        var read = await _api.Client.GetAsync("/forest/companies");
        var action = await _api.TriggerAsync("suspend", ForestApi.Body("companies", ["1"]));

        foreach (var response in new[] { read, action })
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = await ForestApi.JsonAsync(response);
            var error = body["errors"]![0]!;
            Assert.Multiple(() =>
            {
                Assert.That((int)response.StatusCode, Is.EqualTo(500), text);
                Assert.That(error["name"]!.GetValue<string>(), Is.EqualTo("UnexpectedError"));
                Assert.That(text, Does.Not.Contain(ThrowingInterceptor.Secret).And.Not.Contain(" at "));
            });
        }

        var correlation = (await ForestApi.JsonAsync(read))["errors"]![0]!["data"]!["correlationId"]!.GetValue<string>();
        Assert.That((await ForestApi.ErrorAsync(read)).Detail, Does.Contain(correlation));
    }

    [Test]
    public async Task ResponsesWithDataOrTokens_AreNotStored_NorSniffed()
    {
        using var anonymous = _factory.CreateClient();
        var responses = new[]
        {
            await _api.Client.GetAsync("/forest/companies"),
            await _api.Client.GetAsync("/forest/schema"),
            await _api.Client.GetAsync("/forest/nothing-here"),
            await anonymous.PostAsync("/forest/authentication", new StringContent("{\"email\":\"admin@forest.demo\",\"password\":\"livedemo\"}", Encoding.UTF8, "application/json")),
        };

        foreach (var response in responses)
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, response.RequestMessage!.RequestUri!.ToString());
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        }
    }

    [Test]
    public async Task TooLargeBody_OnASmallRoute_Is413_InTheForestShape()
    {
        var huge = "{\"email\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"password\":\"x\"}";

        var response = await _api.PostRawAsync("/forest/authentication", huge);

        var error = await ErrorOfAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(error.Name, Is.EqualTo("PayloadTooLargeError"));
    }

    [TestCase("GET", "/forest/actions/suspend")]
    [TestCase("DELETE", "/forest/companies")]
    [TestCase("PATCH", "/forest/management/roles")]
    public async Task WrongMethodOrPath_IsAJsonError(string method, string path)
    {
        var response = await _api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var error = await ErrorOfAsync(response);
        Assert.That((int)response.StatusCode, Is.AnyOf(404, 405));
        Assert.That(error.Status, Is.EqualTo((int)response.StatusCode));
    }

    /// <summary>Throws, once armed, on every command of the Live Demo's context: a bug deep in the data layer.</summary>
    private sealed class ThrowingInterceptor : DbCommandInterceptor
    {
        public const string Secret = "internal-detail-do-not-leak";

        public volatile bool Armed;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Armed ? throw new InvalidOperationException(Secret) : ValueTask.FromResult(result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Armed ? throw new InvalidOperationException(Secret) : ValueTask.FromResult(result);
    }
}
