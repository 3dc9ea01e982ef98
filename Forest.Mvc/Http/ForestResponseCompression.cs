using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Http;

/// <summary>
/// Compresses the answers of the Forest routes (Brotli, else gzip, at the fastest level) with ASP.NET Core's response
/// compression, with settings of its own: the application's own <c>AddResponseCompression</c> settings, if any, are
/// neither read nor changed. Routes whose answers carry a secret (the login, personal access tokens) are left as they
/// are (BREACH).
/// </summary>
internal sealed class ForestResponseCompression
{
    private static readonly PathString Forest = "/forest";
    private static readonly PathString[] Secret = ["/forest/authentication", "/forest/tokens"];

    private readonly RequestDelegate _next;
    private readonly RequestDelegate? _compressed;

    public ForestResponseCompression(RequestDelegate next, IServiceProvider services, IOptions<ForestOptions> options)
    {
        _next = next;
        if (!options.Value.CompressResponses)
        {
            return;
        }

        var settings = new ResponseCompressionOptions
        {
            EnableForHttps = true,
            MimeTypes = ["application/json", "application/vnd.api+json", "application/problem+json", "text/csv", "text/plain"],
        };
        settings.Providers.Add(new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = CompressionLevel.Fastest })));
        settings.Providers.Add(new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions { Level = CompressionLevel.Fastest })));
        _compressed = new ResponseCompressionMiddleware(next, new ResponseCompressionProvider(services, Options.Create(settings))).Invoke;
    }

    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        return _compressed is not null && path.StartsWithSegments(Forest) && !Secret.Any(s => path.StartsWithSegments(s))
            ? _compressed(http)
            : _next(http);
    }
}

/// <summary>Puts <see cref="ForestResponseCompression"/> first in the application's pipeline (outside the error boundary, so its errors are compressed too).</summary>
internal sealed class ForestResponseCompressionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ForestResponseCompression>();
        next(app);
    };
}
