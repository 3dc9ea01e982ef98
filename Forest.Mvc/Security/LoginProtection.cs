using System.Threading.RateLimiting;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Security;

/// <summary>
/// The rate limit of login attempts per client address (ASP.NET Core's rate limiting primitives: a fixed window per
/// address, idle partitions dropped by the limiter), held by each instance.
/// </summary>
internal sealed class LoginAddressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public LoginAddressLimiter(IOptions<ForestOptions> options)
    {
        var login = options.Value.Login;
        _window = login.AddressWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = login.MaxAttemptsPerAddress,
            Window = login.AddressWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Counts an attempt; a 429 when the address made too many.</summary>
    public void Enter(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window;
            throw LoginProtection.TooMany("Too many login attempts from your address: wait before trying again.", wait);
        }
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// The lockout of accounts after repeated failures, kept in the store so that every instance shares it. Failures
/// are counted per typed email whether or not a user has it, so a locked answer tells nothing about which emails
/// exist.
/// </summary>
internal sealed class LoginProtection(IStoreAccess access, IOptions<ForestOptions> options, TimeProvider time)
{
    public const string TooManyRequests = "TooManyRequestsError";

    public static string Account(string email)
    {
        var normalized = StoredUser.Normalize(email);
        return normalized.Length > 320 ? normalized[..320] : normalized;
    }

    /// <summary>How long the account stays locked, or <see langword="null"/>.</summary>
    public async Task<TimeSpan?> LockedForAsync(string account, CancellationToken cancellationToken)
    {
        if (!access.IsConfigured)
        {
            return null;
        }

        var store = access.Require("Login lockout");
        var now = time.GetUtcNow().UtcDateTime;
        var lockedUntil = await store.LoginFailures.AsNoTracking().Where(f => f.Account == account).Select(f => f.LockedUntil).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return lockedUntil > now ? lockedUntil - now : null;
    }

    /// <summary>Counts a failure; <see langword="true"/> when it locks the account.</summary>
    public async Task<bool> RecordFailureAsync(string account, CancellationToken cancellationToken)
    {
        if (!access.IsConfigured)
        {
            return false;
        }

        var store = access.Require("Login lockout");
        var login = options.Value.Login;
        var now = time.GetUtcNow().UtcDateTime;
        var failure = await store.LoginFailures.FirstOrDefaultAsync(f => f.Account == account, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            failure = new StoredLoginFailure { Account = account, WindowStart = now };
            store.LoginFailures.Add(failure);
        }
        else if (now - failure.WindowStart > login.FailureWindow)
        {
            (failure.Count, failure.WindowStart, failure.LockedUntil) = (0, now, null);
        }

        failure.Count++;
        var locks = failure.Count >= login.MaxFailures;
        if (locks)
        {
            (failure.Count, failure.WindowStart, failure.LockedUntil) = (0, now, now + login.LockoutDuration);
        }

        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return locks;
    }

    /// <summary>Forgets the failures of an account that logged in.</summary>
    public Task ResetAsync(string account, CancellationToken cancellationToken) => access.IsConfigured
        ? access.Require("Login lockout").LoginFailures.Where(f => f.Account == account).ExecuteDeleteAsync(cancellationToken)
        : Task.CompletedTask;

    public static ForestRequestException TooMany(string detail, TimeSpan wait) =>
        new(429, TooManyRequests, detail) { RetryAfterSeconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)) };
}
