using Forest.Mvc.Actions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>transactions</c> collection.</summary>
public sealed class TransactionsController : SmartActionsController<Transaction>
{
    /// <summary>Validates the selected transactions and answers 204: the default success notification.</summary>
    [SmartAction("Validate")]
    public async Task<IActionResult> Validate(CancellationToken ct)
    {
        await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, "validated"), ct);
        return Done();
    }
}
