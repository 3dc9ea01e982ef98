using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Forest.Mvc.Console;

/// <summary>
/// Serves the embedded admin console at <see cref="ForestOptions.ConsolePath"/>: plain endpoints (not MVC, so the
/// host's MVC filters do not apply), fingerprinted immutable assets, Brotli/gzip, ETag/304 revalidation, and a strict Content-Security-Policy (no inline
/// script, no outside source). The files are public; every piece of data they show needs a token.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <returns>The console's route group, or <see langword="null"/> when no console is served.</returns>
    /// <param name="endpoints">The application.</param>
    /// <param name="features">The add-on features registered (their screens are shown).</param>
    public static IEndpointConventionBuilder? Map(IEndpointRouteBuilder endpoints, IEnumerable<string> features)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ForestOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.ConsolePath))
        {
            return null;
        }

        var root = "/" + options.ConsolePath.Trim('/');
        var policy = ContentSecurityPolicy(options);
        var group = endpoints.MapGroup(root).ExcludeFromDescription();
        var assets = endpoints.ServiceProvider.GetRequiredService<ConsoleAssets>().WithFeatures(features);
        group.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string? path) =>
            string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/')
                ? HttpResults.Redirect(root + "/")
                : Serve(http, assets, string.IsNullOrEmpty(path) ? ConsoleAssets.Index : path, policy));
        return group;
    }

    private static IResult Serve(HttpContext http, ConsoleAssets assets, string path, string policy)
    {
        // assets/<fingerprint>/…: immutable when the fingerprint is this build's; another build's (an instance of a
        // rolling deployment that served index.html) gets this build's file, revalidated.
        var immutable = false;
        if (path.StartsWith("assets/", StringComparison.Ordinal) && path.IndexOf('/', 7) is var slash and > 7)
        {
            immutable = path.AsSpan(7, slash - 7).SequenceEqual(assets.Fingerprint);
            path = path[(slash + 1)..];
        }

        if (path == ConsoleAssets.Index && immutable || !assets.Files.TryGetValue(path, out var asset))
        {
            return HttpResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return HttpResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (!asset.IsCompressible)
        {
            return HttpResults.Bytes(asset.Content, asset.ContentType);
        }

        headers.Vary = "Accept-Encoding";
        var (encoding, content) = Encoding(http.Request.Headers.AcceptEncoding) switch
        {
            "br" => ("br", asset.Brotli),
            "gzip" => ("gzip", asset.Gzip),
            _ => (null, asset.Content),
        };
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        return HttpResults.Bytes(content, asset.ContentType);
    }

    /// <summary>The encoding to answer with: Brotli, else gzip, when the client accepts it (a zero quality refuses it).</summary>
    private static string? Encoding(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        if (!Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            return null;
        }

        bool Accepts(string name) => accepted.Any(a => (a.Value.Equals(name, StringComparison.OrdinalIgnoreCase) || a.Value == "*") && (a.Quality ?? 1) > 0)
            && !accepted.Any(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase) && a.Quality == 0);
        return Accepts("br") ? "br" : Accepts("gzip") ? "gzip" : null;
    }

    private static string ContentSecurityPolicy(ForestOptions options)
    {
        var connect = string.Join(' ', options.ConsoleConnectSources.Prepend("'self'"));
        return $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }
}
