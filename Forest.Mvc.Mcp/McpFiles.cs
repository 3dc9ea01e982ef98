using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Mcp;

/// <summary>
/// Files too large to embed in a tool's answer: kept in the store for <see cref="Lifetime"/>, and downloaded from
/// <c>GET /forest/mcp/files/{id}</c> with the same token, by the same user only.
/// </summary>
internal static class McpFiles
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Keeps the file and answers its download address; null without a store.</summary>
    public static async Task<string?> KeepAsync(McpRequest mcp, string name, string type, ReadOnlyMemory<byte> content)
    {
        var id = await mcp.Agent.KeepFileAsync(name, type, content, Lifetime).ConfigureAwait(false);
        return id is { } kept ? $"{mcp.Agent.OriginUrl}{McpEndpoints.Path}/files/{kept:N}" : null;
    }

    /// <summary>The download: the caller's own file, before it expires; else 404.</summary>
    public static async Task DownloadAsync(HttpContext http, Guid id)
    {
        var file = await http.RequestServices.GetRequiredService<ForestAgentGateway>().FindFileAsync(id).ConfigureAwait(false);
        if (file is null)
        {
            await ForestRouteHelpers.WriteErrorAsync(http, new ForestRequestException(404, ForestErrorNames.NotFound, $"No file {id:N} of yours (files are kept {Lifetime.TotalMinutes:0} minutes).")).ConfigureAwait(false);
            return;
        }

        await Results.File(file.Content.ToArray(), file.ContentType, file.Name).ExecuteAsync(http).ConfigureAwait(false);
    }
}
