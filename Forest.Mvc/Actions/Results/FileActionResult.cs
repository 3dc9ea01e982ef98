using System.Text;
using Forest.Mvc.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Forest.Mvc;

/// <summary>
/// A file to download: the bytes with <c>Content-Disposition: attachment</c> (RFC 6266, with a UTF-8
/// <c>filename*</c>) and <c>Access-Control-Expose-Headers: Content-Disposition</c>, so that the browser sees the
/// file name. Only actions declared with <c>Download = true</c> may answer with a file.
/// </summary>
public sealed class FileActionResult : SmartActionResult
{
    internal FileActionResult(Stream content, string fileName, string contentType)
    {
        Content = content;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>The file content; disposed once written.</summary>
    public Stream Content { get; }

    /// <summary>The file name shown to the user.</summary>
    public string FileName { get; }

    /// <summary>The media type, e.g. <c>application/pdf</c>.</summary>
    public string ContentType { get; }

    /// <inheritdoc />
    public override int StatusCode => 200;

    private protected override async Task WriteAsync(HttpContext context, Actions.SmartActionDescriptor? action)
    {
        await using var content = Content;
        if (action is { Download: false })
        {
            await WriteJsonAsync(context, 400, new ErrorActionResult.Body(
                $"The action '{action.Name}' answered with a file but is not declared with Download = true, so the file was not sent.", null)).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypeHeaderValue.TryParse(ContentType, out _) ? ContentType : "application/octet-stream";
        context.Response.Headers.ContentDisposition = ContentDisposition(SafeFileName(FileName));
        var exposed = context.Response.Headers.AccessControlExposeHeaders.ToString();
        if (!exposed.Contains(HeaderNames.ContentDisposition, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.AccessControlExposeHeaders = string.IsNullOrEmpty(exposed)
                ? HeaderNames.ContentDisposition
                : exposed + ", " + HeaderNames.ContentDisposition;
        }

        if (content.CanSeek)
        {
            context.Response.ContentLength = content.Length - content.Position;
        }

        await content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>attachment; filename="…"</c> with an ASCII fallback, plus <c>filename*=UTF-8''…</c> (RFC 6266 / RFC 5987)
    /// when the name is not plain ASCII.
    /// </summary>
    internal static string ContentDisposition(string safeName)
    {
        var ascii = new StringBuilder(safeName.Length);
        foreach (var c in safeName)
        {
            ascii.Append(c is >= ' ' and <= '~' ? c : '_');
        }

        var header = $"attachment; filename=\"{ascii}\"";
        return ascii.ToString() == safeName ? header : $"{header}; filename*=UTF-8''{Uri.EscapeDataString(safeName)}";
    }

    /// <summary>Removes what must never reach a header or a file system: control characters, path separators, quotes.</summary>
    internal static string SafeFileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsControl(c) || c is '/' or '\\' or '"' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : c);
        }

        var safe = builder.ToString().Trim().TrimStart('.');
        return safe.Length == 0 ? "file" : safe;
    }
}
