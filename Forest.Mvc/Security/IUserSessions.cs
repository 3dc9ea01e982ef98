namespace Forest.Mvc.Security;

/// <summary>
/// Keeps a token's user in step with where users are stored: the store's sessions (<c>AddStore</c>) read the user
/// again on every request and refuse revoked tokens; without a store, a token's claims stand as they are.
/// </summary>
internal interface IUserSessions
{
    /// <summary>Whether users are stored (a logout then ends every session of the user).</summary>
    bool AreStored { get; }

    /// <summary>The user as the store knows them now; a 401 when the token was revoked.</summary>
    /// <param name="fromToken">The user read from the token's claims.</param>
    /// <param name="stamp">The token's security stamp, if it has one.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<ForestUser> RefreshAsync(ForestUser fromToken, string? stamp, CancellationToken cancellationToken);

    /// <summary>The user of a stored request (a background job) as the store holds them now; disabled: refused (401).</summary>
    Task<ForestUser> CurrentAsync(ForestUser requester, CancellationToken cancellationToken);

    /// <summary>Ends every session of the user (all their tokens are refused from now on).</summary>
    Task RevokeAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Without a store: the token's claims are the user; there is no session to end.</summary>
internal sealed class TokenOnlySessions : IUserSessions
{
    public bool AreStored => false;

    public Task<ForestUser> RefreshAsync(ForestUser fromToken, string? stamp, CancellationToken cancellationToken) => Task.FromResult(fromToken);

    public Task<ForestUser> CurrentAsync(ForestUser requester, CancellationToken cancellationToken) => Task.FromResult(requester);

    public Task RevokeAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;
}
