using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SampleApp.Services;

/// <summary>
/// The CRM endpoint that the "Notify CRM" webhook result makes the browser call (demo only). Its address comes from
/// configuration (<c>LiveDemo:CrmWebhookUrl</c>) or from the addresses the server listens on, never from a
/// request's Host header; calls must carry the shared secret (<c>LiveDemo:CrmWebhookSecret</c>, random per run
/// when not configured) in <c>X-Webhook-Secret</c>.
/// </summary>
public sealed class WebhookInbox(IConfiguration configuration, IServer server)
{
    public const string SecretHeader = "X-Webhook-Secret";
    private const string InboxPath = "/demo/webhook-inbox";

    private readonly ConcurrentQueue<JsonElement> _calls = new();
    private readonly string _secret = configuration["LiveDemo:CrmWebhookSecret"] is { Length: > 0 } configured
        ? configured
        : Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public IReadOnlyCollection<JsonElement> Calls => _calls;

    /// <summary>The secret the webhook sends, and the inbox checks.</summary>
    public string Secret => _secret;

    /// <summary>Where the browser posts the webhook.</summary>
    public string Url
    {
        get
        {
            if (configuration["LiveDemo:CrmWebhookUrl"] is { Length: > 0 } url)
            {
                return url;
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
            {
                uri.Host = "localhost";
            }

            uri.Path = InboxPath;
            return uri.Uri.ToString();
        }
    }

    /// <summary>Whether a call carries the secret (compared in constant time).</summary>
    public bool IsAuthentic(HttpRequest request) =>
        request.Headers[SecretHeader].FirstOrDefault() is { } sent
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(_secret));

    public void Add(JsonElement call)
    {
        _calls.Enqueue(call);
        while (_calls.Count > 100 && _calls.TryDequeue(out _))
        {
        }
    }
}
