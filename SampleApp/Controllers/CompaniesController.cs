using System.Globalization;
using System.Net;
using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;
using SampleApp.Forms;
using SampleApp.Services;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>companies</c> collection.</summary>
public sealed class CompaniesController(LiveDemoContext db, TimeProvider time, WebhookInbox crm) : SmartActionsController<Company>
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

    [SmartAction("Suspend", Destructive = true, Description = "Suspends every selected company, in one SQL statement even with \"select all\".")]
    public async Task<IActionResult> Suspend(CancellationToken ct)
    {
        var count = await Selection.Query.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompanyStatus.Suspended), ct);
        return Success(count == 1 ? "1 company suspended." : $"{count} companies suspended.");
    }

    [SmartAction("Add new transaction", Description = "Name of the company who will receive the transaction.")]
    public async Task<IActionResult> AddNewTransaction(AddNewTransactionForm form, CancellationToken ct)
    {
        var amount = form.Amount!.Value;
        var random = new Random();
        await foreach (var emitterId in Selection.GetIdsAsync(ct))
        {
            db.Transactions.Add(new Transaction
            {
                Reference = "TX-" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
                Amount = amount,
                VatAmount = amount / 5,
                FeeAmount = amount / 100,
                Status = "to_validate",
                Note = $"Added by {CurrentUser.FullName} from the admin console.",
                EmitterIban = LiveDemoSeeder.Iban(random),
                BeneficiaryIban = LiveDemoSeeder.Iban(random),
                EmitterBic = "BNPAFRPP",
                BeneficiaryBic = "DEUTDEFF",
                CreatedAt = time.GetUtcNow().UtcDateTime,
                EmitterCompanyId = int.Parse(emitterId, CultureInfo.InvariantCulture),
                BeneficiaryCompanyId = form.BeneficiaryCompany!.Value,
            });
        }

        await db.SaveChangesAsync(ct);
        return Success("New transaction emitted").Refresh("emitted_transactions");
    }

    [SmartAction("Schedule audit", Type = ActionType.Single, Description = "Plans an audit of the company (a form with every field type).")]
    public async Task<IActionResult> ScheduleAudit(ScheduleAuditForm form, CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        string Encode(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        var files = form.Attachments is null ? "none" : string.Join(", ", form.Attachments.Select(f => $"{Encode(f.FileName)} ({f.Length} bytes)"));
        return Html($"""
            <h3>Audit of {Encode(company.Name)}</h3>
            <p>Auditor: {Encode(form.Auditor)}</p>
            <p>Date: {form.AuditDate:yyyy-MM-dd} at {Encode(form.StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "any time")}</p>
            <p>Report deadline: {Encode(form.ReportDeadline?.ToString("O", CultureInfo.InvariantCulture) ?? "none")}</p>
            <p>On site: {(form.OnSite ? "yes" : "no")}</p>
            <p>Scope: {Encode(string.Join(", ", form.Scope))}</p>
            <p>Budget: {Encode(form.Budget?.ToString("0.00", CultureInfo.InvariantCulture) ?? "none")}; team size: {Encode(form.TeamSize)}</p>
            <p>Contacts: {Encode(string.Join(", ", form.Contacts ?? []))}</p>
            <p>Checklist: {Encode(form.Checklist?.GetRawText() ?? "none")}</p>
            <p>Attachments: {files}</p>
            """);
    }

    [SmartAction("Onboard company", Type = ActionType.Single, Description = "Three steps: the company, its contact, the welcome call.")]
    public async Task<IActionResult> OnboardCompany(OnboardCompanyForm form, CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        company.Industry = form.Industry;
        company.Headquarter = form.Headquarter;
        company.Description = $"Onboarding contact: {form.ContactName} <{form.ContactEmail}>" + (form.WelcomeCall ? "; welcome call planned." : ".");
        await db.SaveChangesAsync(ct);
        return Success($"{company.Name} is onboarded; {form.ContactName} is the contact.");
    }

    /// <summary>Prefills the company's page; a company already live gets a warning on top of the first page.</summary>
    [LoadHook(nameof(OnboardCompany))]
    public async Task LoadOnboarding(ActionForm form, CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        form["Industry"].Value = company.Industry;
        form["Headquarter"].Value = company.Headquarter;
        if (company.Status == CompanyStatus.Live && form.Layout is { Elements: [FormPage first, ..] } layout)
        {
            var warning = FormElement.Html($"<p class=\"warning\">{WebUtility.HtmlEncode(company.Name)} is already live: onboarding it again only updates its contact.</p>");
            form.Layout = FormLayout.Of([first with { Elements = [warning, .. first.Elements] }, .. layout.Elements.Skip(1)]);
        }
    }

    [SmartAction("Assign account manager", Type = ActionType.Single, Description = "Chooses the user who follows the company.")]
    public async Task<IActionResult> AssignAccountManager(AssignAccountManagerForm form, CancellationToken ct)
    {
        var company = await Selection.SingleAsync(ct);
        var manager = Guid.TryParse(form.AccountManager, out var id) ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        if (manager is null)
        {
            return Error("Choose the account manager among the users offered by the list.");
        }

        company.Description = $"Account manager: {manager.FirstName} {manager.LastName} <{manager.Email}>";
        await db.SaveChangesAsync(ct);
        return Success($"{manager.FirstName} {manager.LastName} now manages {company.Name}.");
    }

    /// <summary>The 20 first users whose name or email holds what was typed (searched in SQL among all the users).</summary>
    [SearchHook(nameof(AssignAccountManager), "Account manager")]
    public async Task SearchAccountManagers(ActionForm form, CancellationToken ct)
    {
        var pattern = "%" + form.SearchValue.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var users = await db.Users.AsNoTracking()
            .Where(u => EF.Functions.Like(u.FirstName + " " + u.LastName + " " + u.Email, pattern, "\\"))
            .OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.Id)
            .Take(20)
            .Select(u => new { u.Id, u.FirstName, u.LastName, u.Email })
            .ToListAsync(ct);
        form["Account manager"].Options = [.. users.Select(u => new FieldOption(u.Id.ToString(), $"{u.FirstName} {u.LastName} <{u.Email}>"))];
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

        // The address comes from configuration or the server's own addresses, never from the request's Host header.
        return Webhook(
            crm.Url,
            "POST",
            new Dictionary<string, string> { ["X-Demo-Source"] = "forest-mvc", [WebhookInbox.SecretHeader] = crm.Secret },
            new { adminToken = "live-demo-admin-token", companyIds = ids });
    }

    [SmartAction("Send pending reminders", Type = ActionType.Global, Description = "Reminds every pending company to finish its onboarding.")]
    public async Task<IActionResult> SendPendingReminders(CancellationToken ct)
    {
        var pending = await Selection.Query.CountAsync(c => c.Status == CompanyStatus.Pending, ct);
        return Success($"Reminders sent to {pending} pending companies.");
    }
}
