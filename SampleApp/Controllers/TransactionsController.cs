using System.Globalization;
using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;
using SampleApp.Forms;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>transactions</c> collection.</summary>
public sealed class TransactionsController(LiveDemoContext db, TimeProvider time) : SmartActionsController<Transaction>
{
    /// <summary>Validates the selected transactions and answers 204: the default success notification.</summary>
    [SmartAction("Validate")]
    public async Task<IActionResult> Validate(CancellationToken ct)
    {
        await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, "validated"), ct);
        return Done();
    }

    /// <summary>Sends the money back with a reverse transaction; a dynamic form (see the two hooks below).</summary>
    [SmartAction("Refund", Type = ActionType.Single, SubmitButtonLabel = "Refund", Destructive = true)]
    public async Task<IActionResult> Refund(RefundTransactionForm form, CancellationToken ct)
    {
        var original = await Selection.SingleAsync(ct);
        if (original.Status == "refunded")
        {
            return Error("This transaction was already refunded.");
        }

        if (form.Amount > original.Amount)
        {
            return Error($"The refund cannot exceed the transaction's amount ({original.Amount}).");
        }

        original.Status = "refunded";
        db.Transactions.Add(new Transaction
        {
            Reference = original.Reference + "-R",
            Amount = form.Amount,
            Status = "validated",
            Note = form.Reason == "Other" ? $"Refund: {form.Details}" : $"Refund: {form.Reason}",
            EmitterIban = original.BeneficiaryIban,
            BeneficiaryIban = original.EmitterIban,
            EmitterBic = original.BeneficiaryBic,
            BeneficiaryBic = original.EmitterBic,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            EmitterCompanyId = original.BeneficiaryCompanyId,
            BeneficiaryCompanyId = original.EmitterCompanyId,
        });
        await db.SaveChangesAsync(ct);
        return Success($"{form.Amount} refunded.");
    }

    /// <summary>Opens the form with the full amount, and "Details" hidden until the reason needs it.</summary>
    [LoadHook(nameof(Refund))]
    public async Task LoadRefund(ActionForm form, CancellationToken ct)
    {
        var transaction = await Selection.SingleAsync(ct);
        form["Amount"].Value = transaction.Amount;
        form["Amount"].Description = $"Up to {transaction.Amount} (the transaction's amount).";
        form["Details"].IsVisible = false;
    }

    /// <summary>Choosing "Other" reveals a required "Details" field.</summary>
    [ChangeHook(nameof(Refund), "Reason")]
    public void OnRefundReasonChanged(ActionForm form)
    {
        var other = form["Reason"].Text == "Other";
        form["Details"].IsVisible = other;
        form["Details"].IsRequired = other;
    }

    /// <summary>Any other field changed: the amount says what will be refunded.</summary>
    [ChangeHook(nameof(Refund), ChangeHookAttribute.AnyField)]
    public void OnRefundEdited(ActionForm form) =>
        form["Amount"].Description = form["Amount"].Value is { } amount ? $"{amount} will be refunded." : "Enter the amount to refund.";

    /// <summary>Creates transactions from an uploaded CSV file; nothing is imported when a line is wrong.</summary>
    [SmartAction("Import transactions", Type = ActionType.Global, Description = "Upload a CSV file of transactions.")]
    public async Task<IActionResult> ImportTransactions(ImportTransactionsForm form, CancellationToken ct)
    {
        var companies = (await db.Companies.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var problems = new List<string>();
        var imported = new List<Transaction>();
        var lines = form.CsvFile.ReadAsText().Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',', 4, StringSplitOptions.TrimEntries);
            if (lines[i].Length == 0 || (i == 0 && !int.TryParse(cells[0], CultureInfo.InvariantCulture, out _)))
            {
                continue; // blank line or header
            }

            if (cells.Length < 3
                || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var emitter) || !companies.Contains(emitter)
                || !int.TryParse(cells[1], CultureInfo.InvariantCulture, out var beneficiary) || !companies.Contains(beneficiary)
                || !long.TryParse(cells[2], CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            {
                problems.Add($"line {i + 1}");
                continue;
            }

            imported.Add(new Transaction
            {
                Reference = $"IMP-{i + 1}-{time.GetUtcNow().ToUnixTimeSeconds()}",
                Amount = amount,
                VatAmount = amount / 5,
                FeeAmount = amount / 100,
                Note = cells.Length > 3 ? cells[3] : $"Imported from {form.CsvFile.FileName}",
                EmitterBic = "BNPAFRPP",
                BeneficiaryBic = "DEUTDEFF",
                CreatedAt = time.GetUtcNow().UtcDateTime,
                EmitterCompanyId = emitter,
                BeneficiaryCompanyId = beneficiary,
            });
        }

        if (problems.Count > 0)
        {
            return Error($"Nothing was imported: {string.Join(", ", problems.Take(10))} {(problems.Count == 1 ? "is" : "are")} not emitter,beneficiary,amount with existing companies and a positive amount.");
        }

        db.Transactions.AddRange(imported);
        await db.SaveChangesAsync(ct);
        return Success(imported.Count == 1 ? "Imported 1 transaction." : $"Imported {imported.Count} transactions.");
    }
}
