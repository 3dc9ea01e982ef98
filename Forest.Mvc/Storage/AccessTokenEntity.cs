namespace Forest.Mvc.Storage;

/// <summary>
/// A personal access token: a long-lived token an AI agent uses on the MCP endpoint, created by a user for
/// themselves, stored as its SHA-256 hash only, revocable, with its last use.
/// </summary>
internal sealed class StoredAccessToken
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public string UserEmail { get; set; } = "";

    /// <summary>The user who created it (a <see cref="ForestUser"/> as JSON), refreshed from the store on each use.</summary>
    public string User { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The SHA-256 of the token, hexadecimal.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The token's first characters, shown in lists to tell tokens apart.</summary>
    public string Prefix { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>A file an action answered to an AI agent, too large to embed: kept a short time for its download link.</summary>
internal sealed class StoredAgentFile
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTime ExpiresAt { get; set; }
}
