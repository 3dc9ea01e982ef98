using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Mcp;

/// <summary>Each agent token has its own rate limit over MCP (Forest:Mcp:RateLimit); another token is not slowed by it.</summary>
[TestFixture]
public sealed class McpRateLimitTests : McpFixture
{
    protected override (string Key, string? Value)[] Settings => [("Forest:Mcp:RateLimit:PermitLimit", "3"), ("Forest:Mcp:RateLimit:Window", "00:10:00")];

    private async Task<HttpResponseMessage> ListToolsAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/forest/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return await http.SendAsync(request);
    }

    [Test]
    public async Task OverItsLimit_AToken_Gets429WithRetryAfter_AndAnotherTokenDoesNot()
    {
        using var api = await ApiAsync("support");
        var first = (await (await api.PostAsJsonAsync("/forest/tokens", new { name = "busy agent" })).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var second = (await (await api.PostAsJsonAsync("/forest/tokens", new { name = "quiet agent" })).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await ListToolsAsync(first)).StatusCode);
        }

        var over = await ListToolsAsync(first);
        var other = await ListToolsAsync(second);

        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(over.Headers.RetryAfter, Is.Not.Null);
            Assert.That((await ForestApi.ErrorAsync(over)).Name, Is.EqualTo("TooManyRequestsError"));
            Assert.That(other.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "the limit is per token");
        });
    }
}
