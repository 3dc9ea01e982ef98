using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace SampleApp.Controllers;

/// <summary>The background actions of the <c>companies</c> collection (they run as jobs, with progress and a report).</summary>
public sealed class CompanyJobsController(LiveDemoContext db, IConfiguration configuration) : SmartActionsController<Company>
{
    /// <summary>Records per chunk (LiveDemo:JobChunk, 1 000 by default).</summary>
    private int Chunk => Math.Max(1, configuration.GetValue("LiveDemo:JobChunk", 1_000));

    /// <summary>The pause per chunk, so that the progress can be watched on the demo (LiveDemo:JobDelayMs).</summary>
    private TimeSpan Delay => TimeSpan.FromMilliseconds(configuration.GetValue("LiveDemo:JobDelayMs", 300));

    [SmartAction("Recompute risk scores", Background = true, Resumable = true, Description = "Recomputes the risk score of every selected company, chunk by chunk, in the background. Safe to run again.")]
    public async Task<IActionResult> RecomputeRiskScores(CancellationToken ct)
    {
        var query = Selection.Query;
        Progress.SetTotal(await query.LongCountAsync(ct));
        var last = 0;
        while (true)
        {
            // One chunk at a time, tracked then forgotten: memory stays flat whatever the selection's size.
            var companies = await query.Where(c => c.Id > last).OrderBy(c => c.Id).Take(Chunk).ToListAsync(ct);
            if (companies.Count == 0)
            {
                break;
            }

            foreach (var company in companies)
            {
                company.RiskScore = RiskScore(company);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            last = companies[^1].Id;
            Progress.Advance(companies.Count);
            Progress.Report($"Up to company #{last}");
            await Task.Delay(Delay, ct);
        }

        return Success($"Risk scores recomputed for {Progress.Done} companies.");
    }

    /// <summary>The demo's score, from the status, the industry and the age: the same company gets the same score, so running it again is safe.</summary>
    private static double RiskScore(Company company) =>
        Math.Round((company.Status switch { CompanyStatus.Suspended => 60, CompanyStatus.Pending => 35, _ => 10 })
            + (company.Industry is "Fintech" or "Energy" ? 20 : 5)
            + Math.Min(20, (DateTime.UtcNow - company.CreatedAt).TotalDays / 45), 1);

    [SmartAction("Re-send invoices", Background = true, Description = "Re-sends the last invoice of every selected company, in the background. Companies without a billing contact fail, on purpose.")]
    public async Task<IActionResult> ResendInvoices(CancellationToken ct)
    {
        var query = Selection.Query.AsNoTracking();
        Progress.SetTotal(await query.LongCountAsync(ct));
        var (sent, failed, last) = (0, 0, 0);
        while (true)
        {
            var companies = await query.Where(c => c.Id > last).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).Take(Chunk).ToListAsync(ct);
            if (companies.Count == 0)
            {
                break;
            }

            foreach (var company in companies)
            {
                // The demo's rule: every seventh company has no billing contact.
                if (company.Id % 7 == 0)
                {
                    Progress.RecordFailed(company.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{company.Name} has no billing contact.");
                    failed++;
                }
                else
                {
                    Progress.RecordSucceeded(company.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    sent++;
                }
            }

            last = companies[^1].Id;
            Progress.Advance(companies.Count);
            Progress.Report($"{sent} invoices re-sent, {failed} failed");
            await Task.Delay(Delay, ct);
        }

        return failed == 0 ? Success($"{sent} invoices re-sent.") : Success($"{sent} invoices re-sent, {failed} failed (see the report).");
    }
}
