using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc;

/// <summary>
/// 200 <c>{"success": message}</c>, optionally with <c>"refresh": {"relationships": [...]}</c> (reload related
/// data of the current record) and <c>"redirectTo"</c>.
/// </summary>
public sealed class SuccessActionResult : SmartActionResult
{
    internal SuccessActionResult(string message, IReadOnlyList<string> relationships, string? redirectTo)
    {
        Message = message;
        Relationships = relationships;
        RedirectTo = redirectTo;
    }

    /// <summary>The notification text.</summary>
    public string Message { get; }

    /// <summary>The related-data lists to reload.</summary>
    public IReadOnlyList<string> Relationships { get; }

    /// <summary>Where to go after the notification, if anywhere.</summary>
    public string? RedirectTo { get; }

    /// <inheritdoc />
    public override int StatusCode => RedirectTo is null || IsSafeUrl(RedirectTo, allowRelative: true) ? 200 : 400;

    /// <summary>Also reloads the given related-data lists of the current record (e.g. <c>emitted_transactions</c>).</summary>
    /// <param name="relationships">Association names.</param>
    /// <returns>A new result with the relationships added.</returns>
    public SuccessActionResult Refresh(params string[] relationships) =>
        new(Message, [.. Relationships, .. relationships], RedirectTo);

    private protected override Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action)
    {
        if (StatusCode == 400)
        {
            return WriteJsonAsync(context, 400, new ErrorActionResult.Body(
                "The action tried to redirect to an address that is neither a relative path nor an http/https URL, so the redirection was refused.", null));
        }

        return WriteJsonAsync(context, 200, new Body(
            Message,
            Relationships.Count == 0 ? null : new RefreshBody(Relationships),
            RedirectTo));
    }

    internal sealed record Body(
        [property: JsonPropertyName("success")] string Success,
        [property: JsonPropertyName("refresh"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RefreshBody? Refresh,
        [property: JsonPropertyName("redirectTo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RedirectTo);

    internal sealed record RefreshBody([property: JsonPropertyName("relationships")] IReadOnlyList<string> Relationships);
}

/// <summary>400 <c>{"error": message}</c>: the front shows an error notification.</summary>
public sealed class ErrorActionResult : SmartActionResult
{
    internal ErrorActionResult(string message) => Message = message;

    /// <summary>The notification text.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override int StatusCode => 400;

    private protected override Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action) => WriteJsonAsync(context, 400, new Body(Message, null));

    internal sealed record Body(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("html"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Html);
}

/// <summary>
/// <c>{"html": …}</c>: the front shows the HTML in a result panel; with status 200 as a success, with 400 as an
/// error from which the user can go back to the form. The HTML is sanitised (HtmlSanitizer: no script, no event
/// handler, no javascript: URL) before it is sent, whatever front shows it.
/// </summary>
public sealed class HtmlActionResult : SmartActionResult
{
    private static readonly Ganss.Xss.HtmlSanitizer Sanitizer = CreateSanitizer();

    internal HtmlActionResult(string html, bool isError)
    {
        Html = Sanitizer.Sanitize(html);
        IsError = isError;
    }

    /// <summary>The HTML shown, sanitised.</summary>
    public string Html { get; }

    /// <summary>The sanitiser of result panels and form HTML blocks.</summary>
    internal static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>Whether this is an error panel (status 400).</summary>
    public bool IsError { get; }

    /// <inheritdoc />
    public override int StatusCode => IsError ? 400 : 200;

    private protected override Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action) => WriteJsonAsync(context, StatusCode, new Body(Html));

    /// <summary>The default rules, plus <c>class</c> (result panels are styled with classes, as in Forest's examples).</summary>
    private static Ganss.Xss.HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new Ganss.Xss.HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("class");
        return sanitizer;
    }

    internal sealed record Body([property: JsonPropertyName("html")] string Html);
}
