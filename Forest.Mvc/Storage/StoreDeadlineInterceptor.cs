using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Forest.Mvc.Storage;

/// <summary>
/// Bounds every command of the library's store by <c>Forest:DatabaseTimeout</c>, unless its context was given a
/// timeout of its own (the migrations at startup).
/// </summary>
internal sealed class StoreDeadlineInterceptor(TimeSpan timeout) : DbCommandInterceptor
{
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (eventData.Context?.Database.GetCommandTimeout() is null)
        {
            Apply(result, timeout);
        }

        return result;
    }

    /// <summary>Applies <paramref name="timeout"/> to a command unless it already has a shorter one.</summary>
    private static void Apply(DbCommand command, TimeSpan timeout)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);
        if (command.CommandTimeout == 0 || command.CommandTimeout > seconds)
        {
            command.CommandTimeout = seconds;
        }
    }
}
