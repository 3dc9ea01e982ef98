using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// How the console and the Forest routes travel: fingerprinted files cached as immutable, Brotli or gzip for the
/// clients that accept them, never for the answers that carry a secret, a favicon, and one request per badge.
/// </summary>
[TestFixture]
public sealed partial class ConsoleTransportTests : BrowserFixture
{
    [Test]
    public async Task TheConsoleFiles_AreFingerprinted_CachedAsImmutable_AndCompressed()
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(BaseUrl) };
        var index = await client.GetStringAsync("/forest-admin/");
        var script = AssetPath().Match(index).Groups[1].Value + "js/app.js";
        var folder = script[..^"js/app.js".Length];

        var plain = await client.GetByteArrayAsync("/forest-admin/js/app.js");
        var brotli = await GetAsync(client, "/forest-admin/" + script, "br");
        var gzip = await GetAsync(client, "/forest-admin/" + folder + "app.css", "gzip, deflate");
        var css = await client.GetByteArrayAsync("/forest-admin/app.css");
        var otherBuild = await GetAsync(client, "/forest-admin/assets/0123456789abcdef/js/app.js", "br");
        var icon = await client.GetAsync("/forest-admin/" + folder + "favicon.svg");
        var indexUnderAssets = await client.GetAsync("/forest-admin/" + folder + "index.html");

        Assert.Multiple(() =>
        {
            Assert.That(folder, Does.Match("^assets/[0-9a-f]{16}/$"));
            Assert.That(index, Does.Contain($"href=\"{folder}app.css\"").And.Contain($"rel=\"icon\" type=\"image/svg+xml\" href=\"{folder}favicon.svg\""));
            Assert.That(brotli.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
            Assert.That(brotli.Headers.CacheControl!.ToString(), Does.Contain("immutable").And.Contain("max-age=31536000"));
            Assert.That(brotli.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(Decode(brotli, s => new BrotliStream(s, CompressionMode.Decompress)), Is.EqualTo(plain));
            Assert.That(brotli.Content.Headers.ContentLength, Is.LessThan(plain.Length / 2));
            Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(Decode(gzip, s => new GZipStream(s, CompressionMode.Decompress)), Is.EqualTo(css));
            Assert.That(otherBuild.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another build's fingerprint (a rolling deployment) still gets the file");
            Assert.That(otherBuild.Headers.CacheControl!.NoCache, Is.True, "…revalidated, not cached as immutable");
            Assert.That(icon.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(indexUnderAssets.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "index.html is never immutable");
        });
    }

    [Test]
    public async Task TheForestRoutes_AreCompressed_ButNotTheLoginThatCarriesAToken()
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(BaseUrl) };
        using var login = new HttpRequestMessage(HttpMethod.Post, "/forest/authentication") { Content = JsonContent.Create(new { email = "admin@forest.demo", password = "livedemo" }) };
        login.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var logged = await client.SendAsync(login);
        var token = (await logged.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/forest/companies?page[size]=50");
        list.Headers.AcceptEncoding.ParseAdd("br, gzip");
        list.Headers.Authorization = new("Bearer", token);
        var companies = await client.SendAsync(list);
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/forest/companies?page[size]=50");
        plain.Headers.Authorization = new("Bearer", token);
        var identity = await client.SendAsync(plain);

        var body = JsonNode.Parse(Decode(companies, s => new BrotliStream(s, CompressionMode.Decompress)))!;
        Assert.Multiple(async () =>
        {
            Assert.That(logged.Content.Headers.ContentEncoding, Is.Empty, "a token is never compressed beside reflected input (BREACH)");
            Assert.That(companies.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
            Assert.That(body["data"]!.AsArray(), Has.Count.EqualTo(50));
            Assert.That(identity.Content.Headers.ContentEncoding, Is.Empty, "a client that asks for nothing gets plain JSON");
            Assert.That(companies.Content.Headers.ContentLength ?? (await companies.Content.ReadAsByteArrayAsync()).Length, Is.LessThan((await identity.Content.ReadAsByteArrayAsync()).Length / 3));
        });
    }

    [Test]
    public async Task Login_CountsEachBadgeOnce_AndMovingAroundDoesNotCountThemAgain()
    {
        var counts = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/forest/approvals?view=to-review", StringComparison.Ordinal) || request.Url.Contains("/forest/jobs?filter=mine", StringComparison.Ordinal))
            {
                counts.Add(request.Url);
            }
        };

        await LoginAsync();
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Companies", Level = 1 }).WaitForAsync();
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Customers", Level = 1 }).WaitForAsync();
        await Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

        Assert.That(counts.Count(u => u.Contains("approvals", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", counts));
        Assert.That(counts.Count(u => u.Contains("jobs", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", counts));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string encodings)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(encodings);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static byte[] Decode(HttpResponseMessage response, Func<Stream, Stream> decoder)
    {
        using var stream = decoder(response.Content.ReadAsStream());
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [GeneratedRegex("src=\"(assets/[0-9a-f]+/)js/app\\.js\"")]
    private static partial Regex AssetPath();
}
