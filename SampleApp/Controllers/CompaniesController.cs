using System.Globalization;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;
using SampleApp.Services;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>companies</c> collection.</summary>
public sealed class CompaniesController(LiveDemoContext db, TimeProvider time) : SmartActionsController<Company>
{
    [SmartAction("Mark as Live", Type = ActionType.Single, Description = "Sets the company's status to live.")]
    public async Task<IActionResult> MarkAsLive(CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        if (company.Status == CompanyStatus.Live)
        {
            return Error("The company was already live!");
        }

        company.Status = CompanyStatus.Live;
        company.LiveSince = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Success("Company is now live!");
    }

    [SmartAction("Suspend", Description = "Suspends every selected company, in one SQL statement even with \"select all\".")]
    public async Task<IActionResult> Suspend(CancellationToken ct)
    {
        var count = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompanyStatus.Suspended), ct);
        return Success(count == 1 ? "1 company suspended." : $"{count} companies suspended.");
    }

    [SmartAction("Add new transaction", Description = "Name of the company who will receive the transaction.")]
    [ActionField("Beneficiary company", Description = "Name of the company who will receive the transaction.", Reference = "companies.id")]
    [ActionField("Amount", FieldType.Number)]
    public async Task<IActionResult> AddNewTransaction(CancellationToken ct)
    {
        var beneficiary = Values.GetString("Beneficiary company");
        var amount = Values.GetDecimal("Amount");
        if (beneficiary is null || amount is not > 0)
        {
            return Error("Choose the beneficiary company and a positive amount.");
        }

        var random = new Random();
        await foreach (var emitterId in Selection.GetIdsAsync(ct))
        {
            db.Transactions.Add(new Transaction
            {
                Reference = "TX-" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
                Amount = (long)amount,
                VatAmount = (long)(amount / 5),
                FeeAmount = (long)(amount / 100),
                Status = "to_validate",
                Note = $"Added by {CurrentUser.FullName} from the admin console.",
                EmitterIban = LiveDemoSeeder.Iban(random),
                BeneficiaryIban = LiveDemoSeeder.Iban(random),
                EmitterBic = "BNPAFRPP",
                BeneficiaryBic = "DEUTDEFF",
                CreatedAt = time.GetUtcNow().UtcDateTime,
                EmitterCompanyId = int.Parse(emitterId, CultureInfo.InvariantCulture),
                BeneficiaryCompanyId = int.Parse(beneficiary, CultureInfo.InvariantCulture),
            });
        }

        await db.SaveChangesAsync(ct);
        return Success("New transaction emitted").Refresh("emitted_transactions");
    }

    [SmartAction("Return and track")]
    public IActionResult ReturnAndTrack() =>
        Redirect("https://www.royalmail.com/portal/rm/track?trackNumber=ZW924750388GB", "Return initiated successfully.");

    [SmartAction("Show some activity", Type = ActionType.Single)]
    public async Task<IActionResult> ShowSomeActivity(CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        return Redirect($"/companies/{company.Id}/emitted_transactions", "Navigated to the activity view.");
    }

    [SmartAction("Notify CRM", Description = "Asks the browser to post the selected companies to the CRM webhook.")]
    public async Task<IActionResult> NotifyCrm(CancellationToken ct)
    {
        var ids = new List<string>();
        await foreach (var id in Selection.GetIdsAsync(ct))
        {
            ids.Add(id);
        }

        var request = HttpContext.Request;
        return Webhook(
            $"{request.Scheme}://{request.Host}/demo/webhook-inbox",
            "POST",
            new Dictionary<string, string> { ["X-Demo-Source"] = "forest-mvc" },
            new { adminToken = "live-demo-admin-token", companyIds = ids });
    }

    [SmartAction("Send pending reminders", Type = ActionType.Global, Description = "Reminds every pending company to finish its onboarding.")]
    public async Task<IActionResult> SendPendingReminders(CancellationToken ct)
    {
        var pending = await Selection.Query.CountAsync(c => c.Status == CompanyStatus.Pending, ct);
        return Success($"Reminders sent to {pending} pending companies.");
    }
}
