using System.Text;
using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>
/// A file sent in a form as a data URI (<c>data:&lt;type&gt;;name=&lt;file name&gt;;base64,&lt;content&gt;</c>),
/// decoded and size-checked before the action runs.
/// </summary>
public sealed class ActionFile
{
    private readonly byte[] _content;

    internal ActionFile(string fileName, string contentType, byte[] content)
    {
        FileName = fileName;
        ContentType = contentType;
        _content = content;
    }

    /// <summary>The file name given by the browser (untrusted: do not use it as a path).</summary>
    public string FileName { get; }

    /// <summary>The media type given by the browser, e.g. <c>text/csv</c>.</summary>
    public string ContentType { get; }

    /// <summary>The size in bytes.</summary>
    public long Length => _content.Length;

    /// <summary>A read-only stream over the content.</summary>
    /// <returns>A new stream, positioned at the start.</returns>
    public Stream OpenReadStream() => new MemoryStream(_content, writable: false);

    /// <summary>The content as text.</summary>
    /// <param name="encoding">The encoding; UTF-8 when <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public string ReadAsText(Encoding? encoding = null) => (encoding ?? Encoding.UTF8).GetString(_content);

    /// <summary>Decodes a data URI; <see langword="null"/> with a reason when it is not one, or too large.</summary>
    internal static ActionFile? TryParse(string text, long maxBytes, out string? error)
    {
        error = null;
        const string prefix = "data:";
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || comma < 0)
        {
            error = "must be a file sent as a data URI (data:<type>;name=<name>;base64,<content>).";
            return null;
        }

        var header = text[prefix.Length..comma].Split(';');
        if (header[^1] != "base64")
        {
            error = "must be a base64 data URI.";
            return null;
        }

        var contentType = header[0].Length == 0 ? "application/octet-stream" : header[0];
        var name = "file";
        foreach (var parameter in header[1..^1])
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals] == "name")
            {
                name = Uri.UnescapeDataString(parameter[(equals + 1)..]);
            }
        }

        var payload = text.AsSpan(comma + 1);
        if (payload.Length / 4L * 3 > maxBytes + 3)
        {
            error = $"is larger than the {Describe(maxBytes)} allowed.";
            return null;
        }

        var buffer = new byte[payload.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(payload, buffer, out var written))
        {
            error = "is not valid base64 data.";
            return null;
        }

        if (written > maxBytes)
        {
            error = $"is larger than the {Describe(maxBytes)} allowed.";
            return null;
        }

        return new ActionFile(name, contentType, buffer[..written]);
    }

    private static string Describe(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
}
