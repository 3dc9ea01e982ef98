using Forest.Mvc.Hosting;

namespace Forest.Mvc;

/// <summary>
/// Protection of <c>POST /forest/authentication</c> against password guessing (section <c>Forest:Login</c>): a rate
/// limit per client address, and a temporary lockout of an account (known or not: the answer never tells) after
/// too many failures in a window. Both answer 429 <c>TooManyRequestsError</c> with <c>Retry-After</c>.
/// </summary>
public sealed class ForestLoginOptions
{
    /// <summary>How many login attempts one client address may make per <see cref="AddressWindow"/> (on each instance).</summary>
    /// <value>Defaults to 20.</value>
    public int MaxAttemptsPerAddress { get; set; } = 20;

    /// <summary>The window of <see cref="MaxAttemptsPerAddress"/>.</summary>
    /// <value>Defaults to one minute.</value>
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many failed logins of one account within <see cref="FailureWindow"/> lock it (shared by every instance, in the store).</summary>
    /// <value>Defaults to 5.</value>
    public int MaxFailures { get; set; } = 5;

    /// <summary>The window in which failures are counted.</summary>
    /// <value>Defaults to 15 minutes.</value>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked account refuses every login, even with the right password.</summary>
    /// <value>Defaults to 15 minutes.</value>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
