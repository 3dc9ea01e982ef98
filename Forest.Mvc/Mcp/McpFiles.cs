using Forest.Mvc.Errors;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
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
    public static async Task<string?> KeepAsync(McpRequest mcp, string name, string type, byte[] content)
    {
        var access = mcp.Services.GetRequiredService<IStoreAccess>();
        if (!access.IsConfigured)
        {
            return null;
        }

        var store = access.Require("Agent files");
        var now = mcp.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await store.AgentFiles.Where(f => f.ExpiresAt < now).ExecuteDeleteAsync(mcp.Aborted).ConfigureAwait(false);
        var file = new StoredAgentFile
        {
            Id = Guid.NewGuid(),
            UserId = mcp.Caller.User.Id,
            Name = name.Length > 300 ? name[..300] : name,
            ContentType = type.Length > 200 ? type[..200] : type,
            Content = content,
            ExpiresAt = now + Lifetime,
        };
        store.AgentFiles.Add(file);
        await store.SaveChangesAsync(mcp.Aborted).ConfigureAwait(false);
        return $"{mcp.OriginUrl}{McpEndpoints.Path}/files/{file.Id:N}";
    }

    /// <summary>The download: the caller's own file, before it expires; else 404.</summary>
    public static async Task DownloadAsync(HttpContext http, Guid id)
    {
        var store = http.RequestServices.GetRequiredService<ForestStoreContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var user = http.Features.Get<McpCaller>()!.User;
        var file = await store.AgentFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id && f.UserId == user.Id && f.ExpiresAt > now, http.RequestAborted).ConfigureAwait(false);
        if (file is null)
        {
            await ForestErrorWriter.WriteAsync(http, ForestRequestException.NotFound($"No file {id:N} of yours (files are kept {Lifetime.TotalMinutes:0} minutes).")).ConfigureAwait(false);
            return;
        }

        await Results.File(file.Content, file.ContentType, file.Name).ExecuteAsync(http).ConfigureAwait(false);
    }
}
