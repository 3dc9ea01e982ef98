using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc;

/// <summary>
/// 200 <c>{"webhook": {"url", "method", "headers", "body"}}</c>: the user's browser makes that HTTP call.
/// </summary>
public sealed class WebhookActionResult : SmartActionResult
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    internal WebhookActionResult(string url, string method, IReadOnlyDictionary<string, string> headers, object? body)
    {
        Url = url;
        Method = method.ToUpperInvariant();
        Headers = headers;
        Body = body;
    }

    /// <summary>The absolute http/https URL the browser calls.</summary>
    public string Url { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>Headers of the call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The JSON body of the call.</summary>
    public object? Body { get; }

    /// <inheritdoc />
    public override int StatusCode => IsSafeUrl(Url, allowRelative: false) && Methods.Contains(Method) ? 200 : 400;

    private protected override Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action)
    {
        if (StatusCode == 400)
        {
            return WriteJsonAsync(context, 400, new ErrorActionResult.Body(
                "The action answered with a webhook that is not an absolute http/https URL with GET, POST, PUT, PATCH or DELETE, so it was refused.", null));
        }

        return WriteJsonAsync(context, 200, new Document(new Call(Url, Method, Headers, Body ?? new Dictionary<string, object>())));
    }

    internal sealed record Document([property: JsonPropertyName("webhook")] Call Webhook);

    internal sealed record Call(
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers,
        [property: JsonPropertyName("body")] object Body);
}
