using Forest.Mvc.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Records;

/// <summary>
/// The longest a command of the application's <c>DbContext</c> may wait while Forest serves a request or runs a
/// call (a scoped service: one per request, one per call of its own). Forest takes the scope's context through
/// <see cref="Context"/>, which gives it <see cref="ForestOptions.DatabaseTimeout"/> with EF Core's
/// <c>SetCommandTimeout</c>; the action itself runs within <see cref="Widen"/> (<c>Forest:ActionDatabaseTimeout</c>).
/// On SQLite the timeout bounds the wait for a lock; on PostgreSQL the whole command. A command over it fails and
/// the call is answered 503 <c>ServiceUnavailableError</c>. The application's own configured timeout is kept when
/// it is shorter; contexts the application uses outside Forest are not touched.
/// </summary>
internal sealed class DatabaseDeadline(IServiceProvider services, Discovery.ForestRegistry registry, IOptions<ForestOptions> options)
{
    /// <summary>ADO.NET's default command timeout (SQLite's and Npgsql's), the bound of a context that sets none.</summary>
    private static readonly TimeSpan ProviderDefault = TimeSpan.FromSeconds(30);

    private DbContext? _context;
    private int? _configured;
    private TimeSpan _bound = options.Value.DatabaseTimeout;

    /// <summary>The application's <c>DbContext</c> of this scope, bounded.</summary>
    public DbContext Context
    {
        get
        {
            if (_context is null)
            {
                _context = (DbContext)services.GetRequiredService(registry.DbContextType);
                _configured = _context.Database.GetCommandTimeout();
                Apply();
            }

            return _context;
        }
    }

    /// <summary>Bounds the commands by <paramref name="timeout"/> (<see langword="null"/>: <see cref="ForestOptions.DatabaseTimeout"/>) until the scope is disposed.</summary>
    public Scope Widen(TimeSpan? timeout)
    {
        var previous = _bound;
        _bound = timeout ?? options.Value.DatabaseTimeout;
        _ = Context;
        Apply();
        return new Scope(this, previous);
    }

    private void Apply()
    {
        var configured = _configured is { } seconds ? TimeSpan.FromSeconds(seconds) : ProviderDefault;
        _context!.Database.SetCommandTimeout(Seconds(configured < _bound ? configured : _bound));
    }

    internal static int Seconds(TimeSpan timeout) => (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

    /// <summary>Restores the previous bound.</summary>
    internal readonly struct Scope(DatabaseDeadline deadline, TimeSpan previous) : IDisposable
    {
        public void Dispose()
        {
            deadline._bound = previous;
            deadline.Apply();
        }
    }
}
