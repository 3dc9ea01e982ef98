using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Testing;

/// <summary>
/// An <see cref="HttpClient"/> on a host that runs Forest.Mvc (typically from <c>WebApplicationFactory</c>), signed in
/// as a user, that calls smart actions the way the Forest front-end does.
/// </summary>
/// <example>
/// <code>
/// await using var app = new WebApplicationFactory&lt;Program&gt;();
/// var admin = ForestTestClient.As(app.CreateClient(), app.Services, new ForestUser { Id = "1", Email = "ada@example.com", Role = "Admin" });
/// var response = await admin.TriggerAsync("mark-as-live", SmartActionRequestBuilder.For("companies").WithIds("12"));
/// </code>
/// </example>
public sealed class ForestTestClient
{
    private ForestTestClient(HttpClient http, string token)
    {
        Http = http;
        Token = token;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The client, with the user's bearer token on every request.</summary>
    public HttpClient Http { get; }

    /// <summary>The user's token.</summary>
    public string Token { get; }

    /// <summary>Signs <paramref name="user"/> in with a token from the host's own <see cref="IForestTokenService"/> (no store, no password).</summary>
    /// <param name="http">A client on the host.</param>
    /// <param name="services">The host's services.</param>
    /// <param name="user">Who calls; their role decides what they may do.</param>
    /// <returns>The signed-in client.</returns>
    public static ForestTestClient As(HttpClient http, IServiceProvider services, ForestUser user)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        return new ForestTestClient(http, services.GetRequiredService<IForestTokenService>().CreateToken(user));
    }

    /// <summary>Signs in through the built-in login (<c>POST /forest/authentication</c>).</summary>
    /// <param name="http">A client on the host.</param>
    /// <param name="email">The user's email.</param>
    /// <param name="password">The user's password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The signed-in client.</returns>
    /// <exception cref="HttpRequestException">The login was refused.</exception>
    public static async Task<ForestTestClient> LoginAsync(HttpClient http, string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/forest/authentication", new { email, password }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return new ForestTestClient(http, body?["token"]?.GetValue<string>() ?? throw new HttpRequestException("The login answered no token."));
    }

    /// <summary>Triggers a smart action: <c>POST /forest/actions/{action}?timezone=…</c>.</summary>
    /// <param name="action">The action's route segment, e.g. <c>mark-as-live</c>.</param>
    /// <param name="request">The selection and values.</param>
    /// <param name="timeZone">The caller's IANA time zone.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The action's answer.</returns>
    public Task<HttpResponseMessage> TriggerAsync(string action, SmartActionRequestBuilder request, string timeZone = "UTC", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync($"/forest/actions/{action}", request.ToJson(), timeZone, cancellationToken);
    }

    /// <summary>Calls the load hook of an action's form: <c>POST /forest/actions/{action}/hooks/load</c>.</summary>
    /// <param name="action">The action's route segment.</param>
    /// <param name="request">The selection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The form's answer (<c>{"fields": […]}</c>).</returns>
    public Task<HttpResponseMessage> LoadFormAsync(string action, SmartActionRequestBuilder request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync($"/forest/actions/{action}/hooks/load", request.ToJson(), "UTC", cancellationToken);
    }

    /// <summary>Posts a JSON body as is to a Forest route (e.g. a body a test wrote by hand).</summary>
    /// <param name="path">The path, e.g. <c>/forest/actions/mark-as-live</c>.</param>
    /// <param name="json">The body.</param>
    /// <param name="timeZone">The caller's IANA time zone, sent as <c>?timezone=</c>; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? timeZone = "UTC", CancellationToken cancellationToken = default)
    {
        var uri = timeZone is null ? path : string.Create(CultureInfo.InvariantCulture, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timezone={Uri.EscapeDataString(timeZone)}");
        return Http.PostAsync(new Uri(uri, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
    }
}
