using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The MCP endpoint at <c>/forest/mcp</c> (Streamable HTTP, stateless: every request carries its token), and the
/// protected-resource metadata (RFC 9728) that a client reads when it is refused with 401, as the MCP
/// authorization specification expects.
/// </summary>
internal static class McpEndpoints
{
    public const string Path = "/forest/mcp";

    public const string RootMetadataPath = "/.well-known/oauth-protected-resource";

    public const string MetadataPath = RootMetadataPath + Path;

    /// <returns>The builders of the MCP routes (none when disabled), so that conventions given to <c>MapForest()</c> reach them.</returns>
    public static IReadOnlyList<IEndpointConventionBuilder> Map(IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<ForestOptions>>().Value.Mcp.Enabled)
        {
            return [];
        }

        var mcp = endpoints.MapMcp(Path);
        var files = endpoints.MapGet(Path + "/files/{id:guid}", (Delegate)((HttpContext http, Guid id) => McpFiles.DownloadAsync(http, id))).ExcludeFromDescription();
        foreach (var authenticated in new[] { mcp, files })
        {
            Authenticate(authenticated);
        }

        // Stateless: no stream to open (GET) and no session to end (DELETE); the transport says 405 for both.
        var otherMethods = endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Delete], (HttpContext http) =>
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            return ForestRouteHelpers.WriteErrorAsync(http, new ForestRequestException(405, "MethodNotAllowedError", "The MCP endpoint is stateless: send each JSON-RPC message with POST (no GET stream, no session to delete)."));
        }).ExcludeFromDescription();

        // At the resource's own path (RFC 9728), and at the root, where some clients look first.
        var metadata = endpoints.MapGet(MetadataPath, (HttpContext http) => Results.Json(Metadata(http), ForestRouteHelpers.JsonOptions)).ExcludeFromDescription();
        var rootMetadata = endpoints.MapGet(RootMetadataPath, (HttpContext http) => Results.Json(Metadata(http), ForestRouteHelpers.JsonOptions)).ExcludeFromDescription();
        return [mcp, files, otherMethods, metadata, rootMetadata];
    }

    /// <summary>Every request of the endpoint is authenticated (and counted against its token's rate limit) first.</summary>
    private static void Authenticate(IEndpointConventionBuilder endpoint) =>
        endpoint.Add(builder =>
        {
            var inner = builder.RequestDelegate!;
            builder.RequestDelegate = async http =>
            {
                if (await AuthenticateAsync(http).ConfigureAwait(false))
                {
                    await inner(http).ConfigureAwait(false);
                }
            };
        });

    /// <summary>The resource, how to send its token, and where a human gets one (the console's tokens screen).</summary>
    private static JsonObject Metadata(HttpContext http)
    {
        var origin = McpEndpoints.Origin(http);
        return new JsonObject
        {
            ["resource"] = origin + Path,
            ["resource_name"] = "Forest.Mvc smart actions",
            ["bearer_methods_supported"] = new JsonArray("header"),
            ["resource_documentation"] = origin + "/forest-admin/#/tokens",
        };
    }

    /// <summary>
    /// Authenticates the agent (<see cref="ForestAgentGateway.AuthenticateAsync"/>: a personal access token or the
    /// API's session token, then one request of the token's rate limit). Refuses with 401 and the metadata's address, or 429.
    /// </summary>
    private static async Task<bool> AuthenticateAsync(HttpContext http)
    {
        try
        {
            LimitBody(http);
            await http.RequestServices.GetRequiredService<ForestAgentGateway>().AuthenticateAsync(http, McpRequest.Source).ConfigureAwait(false);
            return true;
        }
        catch (ForestRequestException refusal) when (refusal.Status is 401 or 413 or 429)
        {
            if (refusal.Status == 401)
            {
                var origin = McpEndpoints.Origin(http);
                var error = http.Request.Headers.Authorization.Count > 0 ? ", error=\"invalid_token\"" : "";
                http.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{origin}{MetadataPath}\"{error}";
                await ForestRouteHelpers.RecordRefusalAsync(http, refusal).ConfigureAwait(false);
            }

            await ForestRouteHelpers.WriteErrorAsync(http, refusal).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>An MCP request is at most <c>Forest:MaxActionBodyBytes</c>, like the action it may carry (413 above).</summary>
    private static void LimitBody(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value.MaxActionBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw new ForestRequestException(413, ForestErrorNames.PayloadTooLarge, $"The MCP request is larger than Forest:MaxActionBodyBytes ({limit} bytes).");
        }

        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
    }

    /// <summary>The address the client reached the application at (scheme, host and path base), for absolute links.</summary>
    public static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
