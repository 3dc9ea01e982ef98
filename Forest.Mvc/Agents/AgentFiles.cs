using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Agents;

/// <summary>Files too large to answer an agent inline: kept in the store for a while, for their user only.</summary>
internal static class AgentFiles
{
    /// <summary>Keeps the file (expired ones are deleted first) and answers its id; null without a store.</summary>
    public static async Task<Guid?> KeepAsync(IServiceProvider services, string userId, string name, string type, ReadOnlyMemory<byte> content, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var access = services.GetRequiredService<IStoreAccess>();
        if (!access.IsConfigured)
        {
            return null;
        }

        var store = access.Require("Agent files");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await store.AgentFiles.Where(f => f.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var file = new StoredAgentFile
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Length > 300 ? name[..300] : name,
            ContentType = type.Length > 200 ? type[..200] : type,
            Content = content.ToArray(),
            ExpiresAt = now + lifetime,
        };
        store.AgentFiles.Add(file);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return file.Id;
    }

    /// <summary>The user's own file, before it expires; else null (also without a store).</summary>
    public static async Task<ForestAgentFile?> FindAsync(IServiceProvider services, string userId, Guid id, CancellationToken cancellationToken)
    {
        var access = services.GetRequiredService<IStoreAccess>();
        if (!access.IsConfigured)
        {
            return null;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var file = await access.Require("Agent files").AgentFiles.AsNoTracking()
            .SingleOrDefaultAsync(f => f.Id == id && f.UserId == userId && f.ExpiresAt > now, cancellationToken).ConfigureAwait(false);
        return file is null ? null : new ForestAgentFile(file.Name, file.ContentType, file.Content);
    }
}
