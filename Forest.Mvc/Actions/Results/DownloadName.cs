namespace Forest.Mvc;

/// <summary>Reads back the file name of an action's download (a background job's result, an MCP tool's file).</summary>
internal static class DownloadName
{
    /// <summary>The file name a response's <c>Content-Disposition</c> gives (RFC 6266: <c>filename*</c> first), or <paramref name="fallback"/>.</summary>
    public static string Of(string disposition, string fallback) =>
        Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(disposition, out var parsed)
            ? (parsed.FileNameStar.Value ?? parsed.FileName.Value)?.Trim('"') ?? fallback
            : fallback;
}
