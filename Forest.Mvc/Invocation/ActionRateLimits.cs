using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Invocation;

/// <summary>
/// Rate limits of smart action calls, per user and action, with .NET's fixed-window rate limiters (the ones ASP.NET
/// Core's rate limiting middleware uses): the action's <c>RateLimitPolicy</c> (a policy of
/// <c>Forest:RateLimits</c>), else the <c>default</c> policy when configured. Over the limit, the call is refused
/// with 429 <c>TooManyRequestsError</c> and <c>Retry-After</c>, before any database work. Limits are per instance.
/// </summary>
internal sealed class ActionRateLimits(IOptions<ForestOptions> options) : IDisposable
{
    /// <summary>The policy that applies to every action without its own.</summary>
    public const string DefaultPolicy = "default";

    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);

    /// <summary>Takes one call of <paramref name="user"/> on <paramref name="action"/>; refuses it (429) over the limit.</summary>
    public void Acquire(SmartActionDescriptor action, ForestUser user)
    {
        var name = action.RateLimitPolicy ?? DefaultPolicy;
        if (options.Value.RateLimits.TryGetValue(name, out var policy))
        {
            Acquire(name, policy, user.Id + "\n" + action.Id, $"You called '{action.Name}' more than {policy.PermitLimit} times in {policy.Window.TotalSeconds:0.#} s. Retry in a moment.");
        }
    }

    /// <summary>Takes one MCP request of an agent's token (<c>Forest:Mcp:RateLimit</c>); refuses it (429) over the limit.</summary>
    public void AcquireAgent(string token)
    {
        var policy = options.Value.Mcp.RateLimit;
        Acquire("\0mcp", policy, token, $"This token made more than {policy.PermitLimit} MCP requests in {policy.Window.TotalSeconds:0.#} s. Retry in a moment.");
    }

    private void Acquire(string name, ForestRateLimit policy, string key, FormattableString message)
    {
        var limiter = _limiters.GetOrAdd(name, _ => PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = policy.PermitLimit,
            Window = policy.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        })));
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return;
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : policy.Window;
        throw new ForestRequestException(429, Security.LoginProtection.TooManyRequests, message.ToString(CultureInfo.InvariantCulture))
        {
            RetryAfterSeconds = (int)Math.Max(1, Math.Ceiling(retry.TotalSeconds)),
        };
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
