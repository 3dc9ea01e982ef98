using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Forest.Mvc.Console;

/// <summary>One embedded file of the console.</summary>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);

/// <summary>The console's files, embedded in the assembly and indexed once (content, media type, ETag).</summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "ForestConsole/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> files) => Files = files;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            files[path] = new ConsoleAsset(content, type, "\"" + Convert.ToHexString(SHA256.HashData(content))[..20] + "\"");
        }

        Files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public FrozenDictionary<string, ConsoleAsset> Files { get; }

    /// <summary>
    /// The same files, with the registered add-on features named in <c>index.html</c>
    /// (<c>&lt;meta name="forest-features" content="jobs mcp"&gt;</c>): the console shows their screens only then.
    /// </summary>
    public ConsoleAssets WithFeatures(IEnumerable<string> features)
    {
        var files = new Dictionary<string, ConsoleAsset>(Files, StringComparer.Ordinal);
        var index = Files["index.html"];
        var names = System.Net.WebUtility.HtmlEncode(string.Join(' ', features.Order(StringComparer.Ordinal)));
        var html = System.Text.Encoding.UTF8.GetString(index.Content)
            .Replace("<meta name=\"forest-features\" content=\"\">", $"<meta name=\"forest-features\" content=\"{names}\">", StringComparison.Ordinal);
        var content = System.Text.Encoding.UTF8.GetBytes(html);
        files["index.html"] = index with { Content = content, ETag = "\"" + Convert.ToHexString(SHA256.HashData(content))[..20] + "\"" };
        return new ConsoleAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
