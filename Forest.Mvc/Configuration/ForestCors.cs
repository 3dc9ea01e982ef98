using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Forest.Mvc.Configuration;

/// <summary>The CORS policy of the Forest routes, built from <see cref="ForestOptions.CorsOrigins"/>.</summary>
internal sealed class ForestCors(IOptions<ForestOptions> forest) : IConfigureOptions<CorsOptions>
{
    public const string PolicyName = "Forest";

    public void Configure(CorsOptions options) => options.AddPolicy(PolicyName, policy =>
    {
        policy.WithOrigins([.. forest.Value.CorsOrigins])
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithExposedHeaders(HeaderNames.ContentDisposition)
            .SetPreflightMaxAge(TimeSpan.FromHours(24));
        if (forest.Value.CorsOrigins.Count > 0)
        {
            policy.AllowCredentials();
        }
    });
}
