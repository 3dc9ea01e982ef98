using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>users</c> collection (people working at companies).</summary>
public sealed class UsersController(TimeProvider time) : SmartActionsController<User>
{
    /// <summary>
    /// Typically run from a company's "users" related data: the selection is then restricted to that company's
    /// users, even with "select all".
    /// </summary>
    [SmartAction("Reset password")]
    public async Task<IActionResult> ResetPassword(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var count = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordResetRequestedAt, now), ct);
        return Success(count == 1 ? "Password reset requested for 1 user." : $"Password reset requested for {count} users.");
    }
}
