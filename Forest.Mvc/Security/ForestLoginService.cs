namespace Forest.Mvc.Security;

/// <summary>Checks login credentials. Register your own implementation to log users in against your own store.</summary>
public interface IForestLoginService
{
    /// <summary>The user with these credentials, or <see langword="null"/> when they are wrong.</summary>
    /// <param name="email">The email typed by the user.</param>
    /// <param name="password">The password typed by the user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    Task<ForestUser?> ValidateCredentialsAsync(string email, string password, CancellationToken cancellationToken);
}

/// <summary>No login configured (no store, no login service of the application): the login route answers 501.</summary>
internal sealed class NoLoginService : IForestLoginService
{
    public Task<ForestUser?> ValidateCredentialsAsync(string email, string password, CancellationToken cancellationToken) =>
        throw new ForestRequestException(501, "NotImplementedError", "No login is configured: call AddStore(...) on the Forest builder, or register your own IForestLoginService.");
}
