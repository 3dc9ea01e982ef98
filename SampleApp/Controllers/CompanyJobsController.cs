using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace SampleApp.Controllers;

/// <summary>The background actions of the <c>companies</c> collection (they run as jobs, with progress and a report).</summary>
public sealed class CompanyJobsController(IConfiguration configuration) : SmartActionsController<Company>
{
    private const int Chunk = 1_000;

    /// <summary>The pause per chunk, so that the progress can be watched on the demo (LiveDemo:JobDelayMs).</summary>
    private TimeSpan Delay => TimeSpan.FromMilliseconds(configuration.GetValue("LiveDemo:JobDelayMs", 300));

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
