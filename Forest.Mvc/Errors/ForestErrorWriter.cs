using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Errors;

/// <summary>Writes errors in the Forest shape <c>{"errors":[{"status","detail","name","data"?}]}</c>.</summary>
internal static class ForestErrorWriter
{
    public static Task WriteAsync(HttpContext context, ForestRequestException exception)
    {
        if (exception.RetryAfterSeconds is { } seconds && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exception.FieldErrors is { } fields)
        {
            return WriteFieldErrorsAsync(context, exception.Message, fields);
        }

        if (exception.IsNotification && !context.Response.HasStarted)
        {
            context.Response.StatusCode = exception.Status;
            return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = exception.Message }, ForestJson.Options, "application/json; charset=utf-8", context.RequestAborted);
        }

        return WriteAsync(context, exception.Status, exception.Name, exception.Message, exception.ErrorData);
    }

    /// <summary>
    /// Invalid form values: validation problem details (RFC 9457) naming each field, plus <c>error</c> so that the
    /// Forest front-end shows the message as an error notification.
    /// </summary>
    private static async Task WriteFieldErrorsAsync(HttpContext context, string detail, IReadOnlyDictionary<string, string[]> fields)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = 400;
        var body = new FieldErrorsDocument("https://tools.ietf.org/html/rfc9110#section-15.5.1", "One or more validation errors occurred.", 400, detail, detail, fields);
        await context.Response.WriteAsJsonAsync(body, ForestJson.Options, "application/problem+json; charset=utf-8", context.RequestAborted).ConfigureAwait(false);
    }

    internal sealed record FieldErrorsDocument(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("detail")] string Detail,
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]> Errors);

    public static async Task WriteAsync(HttpContext context, int status, string name, string detail, object? data = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var body = new ErrorDocument([new ErrorItem(status, detail, name, data)]);
        await context.Response.WriteAsJsonAsync(body, ForestJson.Options, "application/json; charset=utf-8", context.RequestAborted).ConfigureAwait(false);
    }

    internal sealed record ErrorDocument([property: JsonPropertyName("errors")] IReadOnlyList<ErrorItem> Errors);

    internal sealed record ErrorItem(
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("detail")] string Detail,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data);
}

/// <summary>The JSON settings of every body Forest.Mvc writes, independent of the host's MVC settings.</summary>
internal static class ForestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,

        // Bodies are application/json, never HTML: keep <, > and quotes readable in HTML results.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A stored UTC time as the API writes it (ISO 8601, milliseconds, <c>Z</c>).</summary>
    public static string Iso(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
