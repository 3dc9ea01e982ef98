using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Forest.Mvc.Errors;

/// <summary>
/// Reads a request body as JSON for every Forest route: bounded in size (413), checked to be UTF-8 (400, before any
/// string is read: System.Text.Json would otherwise fail later, on the first string holding the bad bytes), and
/// parsed with a bounded depth (400 naming the JSON error). An empty body reads as <see cref="JsonValueKind.Undefined"/>.
/// </summary>
internal static class JsonBody
{
    /// <summary>The limit of bodies of routes that carry no files (logins, approvals, management).</summary>
    public const long SmallBodyBytes = 1024 * 1024;

    private const int MaxDepth = 64;

    /// <param name="http">The request.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="limitName">The setting that sets <paramref name="maxBytes"/>, named in the 413 message.</param>
    public static async Task<JsonElement> ReadAsync(HttpContext http, long maxBytes, string? limitName = null)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes, limitName);
        }

        var contentType = http.Request.ContentType;
        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ForestRequestException(415, ForestErrorNames.UnsupportedMediaType, $"The body must be JSON (Content-Type: application/json), not '{contentType}'.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature && (sizeFeature.MaxRequestBodySize is null || sizeFeature.MaxRequestBodySize > maxBytes))
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        using var buffer = new MemoryStream(http.Request.ContentLength is > 0 and < 1024 * 1024 ? (int)http.Request.ContentLength : 0);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes, limitName);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes, limitName);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Length == 0)
        {
            return default;
        }

        if (!Utf8.IsValid(bytes.Span))
        {
            throw ForestRequestException.BadRequest("The body is not valid UTF-8 JSON: it holds bytes that are not UTF-8.");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw ForestRequestException.BadRequest($"The body is not valid JSON: {exception.Message}");
        }
    }

    private static ForestRequestException TooLarge(long limit, string? limitName) =>
        new(413, ForestErrorNames.PayloadTooLarge, $"The body is larger than the {limit / 1024} KiB this route accepts{(limitName is null ? "" : $" ({limitName})")}.");
}
