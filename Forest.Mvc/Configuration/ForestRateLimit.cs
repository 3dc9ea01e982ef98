namespace Forest.Mvc;

/// <summary>A rate limit of smart action calls (<c>Forest:RateLimits:&lt;policy&gt;</c>): each user may call each action so many times per window.</summary>
public sealed class ForestRateLimit
{
    /// <summary>How many calls one user may make to one action per <see cref="Window"/>.</summary>
    /// <value>Defaults to 10.</value>
    public int PermitLimit { get; set; } = 10;

    /// <summary>The window.</summary>
    /// <value>Defaults to one minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
