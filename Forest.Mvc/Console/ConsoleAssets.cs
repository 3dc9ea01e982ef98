using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Forest.Mvc.Console;

/// <summary>
/// One embedded file of the console: its content, media type and ETag, and its Brotli and gzip encodings (made once,
/// on first use, at the best ratio: the files never change while the process runs).
/// </summary>
internal sealed class ConsoleAsset(byte[] content, string contentType)
{
    private readonly Lazy<byte[]> _brotli = new(() => Encode(content, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
    private readonly Lazy<byte[]> _gzip = new(() => Encode(content, s => new GZipStream(s, CompressionLevel.SmallestSize)));

    public byte[] Content { get; } = content;

    public string ContentType { get; } = contentType;

    public string ETag { get; } = "\"" + Convert.ToHexString(SHA256.HashData(content))[..20] + "\"";

    /// <summary>Whether the file is text, worth compressing (images are already compressed).</summary>
    public bool IsCompressible => ContentType.StartsWith("text/", StringComparison.Ordinal) || ContentType.StartsWith("image/svg", StringComparison.Ordinal);

    public byte[] Brotli => _brotli.Value;

    public byte[] Gzip => _gzip.Value;

    private static byte[] Encode(byte[] content, Func<Stream, Stream> encoder)
    {
        using var memory = new MemoryStream();
        using (var stream = encoder(memory))
        {
            stream.Write(content);
        }

        return memory.ToArray();
    }
}

/// <summary>
/// The console's files, embedded in the assembly and indexed once. Every file but <c>index.html</c> is also served
/// under <c>assets/&lt;fingerprint&gt;/</c>, the fingerprint being a hash of all of them: <c>index.html</c> (revalidated on
/// every load) names the fingerprinted paths, which never change and are cached as immutable.
/// </summary>
internal sealed class ConsoleAssets
{
    public const string Index = "index.html";

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

    /// <summary>The embedded files, read once per process (they are the assembly's).</summary>
    private static readonly Lazy<(FrozenDictionary<string, ConsoleAsset> Files, string Fingerprint)> Embedded = new(Read);

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> files, string fingerprint)
    {
        Files = files;
        Fingerprint = fingerprint;
    }

    public ConsoleAssets()
        : this(Embedded.Value.Files, Embedded.Value.Fingerprint)
    {
    }

    public FrozenDictionary<string, ConsoleAsset> Files { get; }

    /// <summary>The hash of every file but <c>index.html</c>: the folder of the immutable paths.</summary>
    public string Fingerprint { get; }

    /// <summary>The fingerprinted folder, relative to the console's root (<c>assets/3f2a…/</c>).</summary>
    public string AssetsFolder => $"assets/{Fingerprint}/";

    /// <summary>
    /// The same files, with the registered add-on features named in <c>index.html</c>
    /// (<c>&lt;meta name="forest-features" content="jobs mcp"&gt;</c>): the console shows their screens only then.
    /// </summary>
    public ConsoleAssets WithFeatures(IEnumerable<string> features)
    {
        var files = new Dictionary<string, ConsoleAsset>(Files, StringComparer.Ordinal);
        var names = System.Net.WebUtility.HtmlEncode(string.Join(' ', features.Order(StringComparer.Ordinal)));
        var html = System.Text.Encoding.UTF8.GetString(Files[Index].Content)
            .Replace("<meta name=\"forest-features\" content=\"\">", $"<meta name=\"forest-features\" content=\"{names}\">", StringComparison.Ordinal);
        files[Index] = new ConsoleAsset(System.Text.Encoding.UTF8.GetBytes(html), Files[Index].ContentType);
        return new ConsoleAssets(files.ToFrozenDictionary(StringComparer.Ordinal), Fingerprint);
    }

    private static (FrozenDictionary<string, ConsoleAsset>, string) Read()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            files[name[Prefix.Length..].Replace('\\', '/')] = memory.ToArray();
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, content) in files.Where(f => f.Key != Index))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(path));
            hash.AppendData(content);
        }

        var fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];

        // index.html names the fingerprinted folder (it is itself revalidated on every load).
        var index = System.Text.Encoding.UTF8.GetString(files[Index]).Replace("{{assets}}", $"assets/{fingerprint}/", StringComparison.Ordinal);
        files[Index] = System.Text.Encoding.UTF8.GetBytes(index);
        var assets = files.ToFrozenDictionary(
            f => f.Key,
            f => new ConsoleAsset(f.Value, ContentTypes.GetValueOrDefault(Path.GetExtension(f.Key), "application/octet-stream")),
            StringComparer.Ordinal);
        return (assets, fingerprint);
    }
}
