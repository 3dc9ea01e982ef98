using System.Globalization;
using System.Net;
using Forest.Mvc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;
using SampleApp.Forms;
using SampleApp.Services;

namespace SampleApp.Controllers;

/// <summary>The smart actions of the <c>customers</c> collection.</summary>
public sealed class CustomersController(LiveDemoContext db, PaymentGateway gateway, TimeProvider time) : SmartActionsController<Customer>
{
    [SmartAction("Charge credit card", Type = ActionType.Single, RateLimitPolicy = "payments")]
    public async Task<IActionResult> ChargeCreditCard(ChargeCreditCardForm form, CancellationToken ct)
    {
        var customer = await Selection.SingleAsync(ct);
        var outcome = gateway.Charge(customer, form.Amount);
        var shown = (outcome.AmountInCents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        if (!outcome.Succeeded)
        {
            return Html(
                $"""
                <p class="c-clr-1-4 l-mt l-mb">${shown} USD has not been charged.</p>
                <strong class="c-form__label--read c-clr-1-2">Credit card</strong>
                <p class="c-clr-1-4 l-mb">**** **** **** {outcome.Last4}</p>
                <strong class="c-form__label--read c-clr-1-2">Reason</strong>
                <p class="c-clr-1-4 l-mb">You can not charge this credit card. The card is marked as blocked</p>
                """,
                error: true);
        }

        db.Charges.Add(new Charge
        {
            Id = outcome.ChargeId,
            AmountInCents = outcome.AmountInCents,
            Description = form.Description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CustomerId = customer.Id,
        });
        await db.SaveChangesAsync(ct);
        return Html(
            $"""
            <p class="c-clr-1-4 l-mt l-mb">${shown} USD has been successfully charged.</p>
            <strong class="c-form__label--read c-clr-1-2">Credit card</strong>
            <p class="c-clr-1-4 l-mb">**** **** **** {outcome.Last4}</p>
            <strong class="c-form__label--read c-clr-1-2">Expire</strong>
            <p class="c-clr-1-4 l-mb">{outcome.ExpMonth}/{outcome.ExpYear}</p>
            <strong class="c-form__label--read c-clr-1-2">Card type</strong>
            <p class="c-clr-1-4 l-mb">{WebUtility.HtmlEncode(outcome.Brand)}</p>
            <strong class="c-form__label--read c-clr-1-2">Country</strong>
            <p class="c-clr-1-4 l-mb">{WebUtility.HtmlEncode(outcome.Country)}</p>
            """);
    }

    [SmartAction("Generate invoice", Download = true)]
    public async Task<IActionResult> GenerateInvoice(CancellationToken ct)
    {
        var customers = await Selection.ToListAsync(ct);
        var today = time.GetUtcNow().UtcDateTime;
        var lines = new List<string> { $"Date: {today:yyyy-MM-dd}", "" };
        foreach (var customer in customers.OrderBy(c => c.Id))
        {
            lines.Add($"Customer #{customer.Id}: {customer.FirstName} {customer.LastName} <{customer.Email}>");
            lines.Add($"  Subscription {today:MMMM yyyy}: 49.00 USD (card **** {customer.CardLast4})");
            lines.Add("");
        }

        lines.Add($"Total: {(customers.Count * 49m).ToString("0.00", CultureInfo.InvariantCulture)} USD");
        var name = customers.Count == 1 ? $"invoice-{customers[0].Id}.pdf" : $"invoices-{today:yyyyMMdd}.pdf";
        return File(InvoicePdf.Create("Invoice", lines), name, "application/pdf");
    }

    [SmartAction("Export customers", Type = ActionType.Global, Background = true, Download = true, Description = "Exports every customer to a CSV file, in the background.")]
    public async Task<IActionResult> ExportCustomers(CancellationToken ct)
    {
        var customers = db.Customers.AsNoTracking().OrderBy(c => c.Id);
        Progress.SetTotal(await customers.LongCountAsync(ct));
        var csv = new System.Text.StringBuilder("id,first_name,last_name,email\r\n");
        await foreach (var customer in customers.AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{customer.Id},{Cell(customer.FirstName)},{Cell(customer.LastName)},{Cell(customer.Email)}\r\n");
            Progress.Advance();
        }

        return File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), $"customers-{time.GetUtcNow():yyyyMMdd}.csv", "text/csv");
    }

    /// <summary>A CSV cell: quoted, and never read as a formula by a spreadsheet.</summary>
    private static string Cell(string value) =>
        "\"" + (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
