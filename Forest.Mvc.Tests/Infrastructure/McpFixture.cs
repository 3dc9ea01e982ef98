using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// The Live Demo on Kestrel (127.0.0.1, a free port, Production: permissions enforced), one per fixture, and the
/// official C# MCP client over Streamable HTTP with a user's token.
/// </summary>
public abstract class McpFixture
{
    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    protected virtual (string Key, string? Value)[] Settings => [];

    /// <summary>Registrations applied after the Live Demo's own (e.g. a global MVC filter).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public void StartServer()
    {
        Factory = new LiveDemoFactory(Settings) { Environment = "Production" }.WithServices(ConfigureServices);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    [OneTimeTearDown]
    public void StopServer() => Factory?.Dispose();

    /// <summary>A session token of a demo user, from the login route.</summary>
    protected async Task<string> TokenAsync(string user)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await http.PostAsJsonAsync("/forest/authentication", new { email = $"{user}@forest.demo", password = "livedemo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <summary>An HTTP client of the API with a demo user's session.</summary>
    protected async Task<HttpClient> ApiAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return http;
    }

    /// <summary>An MCP client with a demo user's session token.</summary>
    protected async Task<McpClient> ConnectAsync(string user) => await ConnectWithTokenAsync(await TokenAsync(user));

    protected Task<McpClient> ConnectWithTokenAsync(string token) => ConnectAsync(BaseUrl, token);

    /// <summary>The official MCP client on <c>{baseUrl}/forest/mcp</c> (Streamable HTTP) with a bearer token.</summary>
    public static async Task<McpClient> ConnectAsync(string baseUrl, string token)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseUrl + "/forest/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        return await McpClient.CreateAsync(transport);
    }

    protected static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    protected static JsonObject Structured(CallToolResult result) => JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.AsObject();
}
