using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Forest.Mvc.Storage;

/// <summary>
/// The longest a database command may wait while a Forest request is served (flows with the request's async
/// calls). On SQLite it bounds the wait for a lock; on PostgreSQL the whole command. A command over it fails and
/// the request is answered 503 <c>ServiceUnavailableError</c>.
/// </summary>
internal static class DatabaseDeadline
{
    private static readonly AsyncLocal<TimeSpan?> CurrentValue = new();

    /// <summary>The bound of the current Forest request, if any.</summary>
    public static TimeSpan? Current => CurrentValue.Value;

    /// <summary>Bounds the commands of the calling flow until the returned scope is disposed; <see langword="null"/> lifts the bound.</summary>
    public static Scope Enter(TimeSpan? timeout)
    {
        var previous = CurrentValue.Value;
        CurrentValue.Value = timeout;
        return new Scope(previous);
    }

    /// <summary>Restores the previous bound.</summary>
    internal readonly struct Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => CurrentValue.Value = previous;
    }

    /// <summary>Applies <paramref name="timeout"/> to a command unless it already has a shorter one.</summary>
    public static void Apply(DbCommand command, TimeSpan timeout)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);
        if (command.CommandTimeout == 0 || command.CommandTimeout > seconds)
        {
            command.CommandTimeout = seconds;
        }
    }
}

/// <summary>
/// Gives every command the bound of <see cref="DatabaseDeadline"/>: always on the library's store (with
/// <paramref name="storeTimeout"/> outside requests), and on the application's <c>DbContext</c> only inside Forest
/// requests, so that the application's own work keeps its settings.
/// </summary>
internal class DatabaseDeadlineInterceptor(TimeSpan? storeTimeout) : DbCommandInterceptor
{
    /// <summary>The instance added to the application's <c>DbContext</c> (one instance, so EF Core caches one service provider).</summary>
    public static DatabaseDeadlineInterceptor ForApplication { get; } = new(null);

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if ((DatabaseDeadline.Current ?? storeTimeout) is { } timeout)
        {
            DatabaseDeadline.Apply(result, timeout);
        }

        return result;
    }
}

/// <summary>The interceptor of the store, bounded by <c>Forest:DatabaseTimeout</c> even outside requests.</summary>
internal sealed class StoreDeadlineInterceptor(TimeSpan timeout) : DatabaseDeadlineInterceptor(timeout);
