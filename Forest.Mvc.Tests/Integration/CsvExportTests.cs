using System.Net;
using System.Net.Http.Json;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary><c>GET /forest/&lt;collection&gt;.csv</c>: the list query as CSV, streamed, behind the <c>export</c> permission and the scope.</summary>
[TestFixture]
public sealed class CsvExportTests : SqlLoggedLiveDemo
{
    private static List<string[]> Rows(string csv) =>
        [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];

    [Test]
    public async Task Export_TakesTheListsFiltersFieldsAndSort_WithHeaderAndFileName_AndNeutralisesFormulas()
    {
        var admin = await ForestApi.LoginAsync(Factory);
        await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "=HYPERLINK(\"http://evil\")")));
        var filters = ForestApi.Filters(new { field = "headquarter", @operator = "equal", value = "Paris" });
        var expected = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Headquarter == "Paris").OrderBy(c => c.Id).Select(c => c.Id.ToString()).ToListAsync());

        var response = await admin.Client.GetAsync($"/forest/companies.csv?filters={Uri.EscapeDataString(filters)}&sort=id&fields[companies]=id,headquarter,name&header=Id,Headquarter,Name&filename=paris%20companies");
        var csv = await response.Content.ReadAsStringAsync();
        var rows = Rows(csv);
        var formula = await admin.Client.GetStringAsync("/forest/companies.csv?filters=" + Uri.EscapeDataString(ForestApi.Filters(new { field = "id", @operator = "equal", value = 2 })));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), csv);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("paris companies.csv"));
            Assert.That(rows[0], Is.EqualTo(new[] { "Id", "Headquarter", "Name" }));
            Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(expected));
            Assert.That(rows.Skip(1).Select(r => r[1]), Is.All.EqualTo("Paris"));
            Assert.That(formula, Does.Contain("\"'=HYPERLINK(\"\"http://evil\"\")\""), "a formula is neutralised");
        });
    }

    [Test]
    public async Task Export_IsItsOwnPermission_AndKeepsToTheScope()
    {
        var viewer = await ForestApi.LoginAsync(Factory, "viewer@forest.demo");
        var accountant = await ForestApi.LoginAsync(Factory, "accountant@forest.demo");
        var parisTransactions = await Factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompany!.Headquarter == "Paris"));

        var byViewer = await viewer.Client.GetAsync("/forest/companies.csv");
        var companiesByAccountant = await accountant.Client.GetAsync("/forest/companies.csv");
        var transactions = Rows(await accountant.Client.GetStringAsync("/forest/transactions.csv?fields[transactions]=reference"));

        Assert.Multiple(async () =>
        {
            Assert.That(await ForestApi.ErrorAsync(byViewer), Is.EqualTo((403, "ForbiddenError", "You don't have permission to export the records of 'companies'.")));
            Assert.That((await ForestApi.ErrorAsync(companiesByAccountant)).Status, Is.EqualTo(403));
            Assert.That(transactions, Has.Count.EqualTo(parisTransactions + 1), "the accountant exports the Paris transactions only");
        });
    }

    [Test]
    public async Task Export_IsABrowserNavigation_TheSessionCookieIsEnough()
    {
        var browser = Factory.CreateClient();
        (await browser.PostAsJsonAsync("/forest/authentication", new { email = "manager@forest.demo", password = "livedemo" })).EnsureSuccessStatusCode();

        var response = await browser.GetAsync("/forest/companies.csv?fields[companies]=name");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.GetValues("Access-Control-Expose-Headers"), Does.Contain("Content-Disposition"));
    }

    [Test]
    public async Task Export_Of100000Rows_IsStreamed_WithFlatServerMemory()
    {
        var admin = await ForestApi.LoginAsync(Factory);
        const int rows = 100_000;
        var note = new string('n', 400);
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {0})
            INSERT INTO Transactions (Reference, Amount, VatAmount, FeeAmount, Status, Note, EmitterIban, BeneficiaryIban, EmitterBic, BeneficiaryBic, CreatedAt, EmitterCompanyId, BeneficiaryCompanyId)
            SELECT 'BULK-' || x, x, 0, 0, 'to_validate', {1}, 'FR76', 'FR76', 'BIC', 'BIC', '2026-01-01 00:00:00', 1, 2 FROM n
            """, rows, note));
        var total = await Factory.WithDbAsync(db => db.Transactions.CountAsync());
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long bytes = 0;
        var lines = 0;

        using var response = await admin.Client.GetAsync("/forest/transactions.csv", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }

        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.EqualTo(total + 1));
            Assert.That(bytes, Is.GreaterThan(rows * 400L), "the notes alone weigh 40 MB");
            Assert.That(peak - before, Is.LessThan(32L * 1024 * 1024), "the server holds a few rows at a time, not the export");
        });
    }
}
