using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// Background actions in the browser: the progress toast (polling the job), its Cancel button, the badge of the
/// user's running jobs, the Jobs screen (own jobs, everyone's for an administrator) and the downloads of a job's
/// file and report.
/// </summary>
[TestFixture]
public sealed class ConsoleJobsTests : BrowserFixture
{
    // Two companies per chunk and 400 ms per chunk: "Recompute risk scores" over every company lasts several seconds.
    protected override (string Key, string? Value)[] Settings => [("LiveDemo:JobDelayMs", "400"), ("LiveDemo:JobChunk", "2")];

    private ILocator JobToast(string action) => Page.Locator("#toasts .toast-job").Filter(new() { HasText = $"Job: {action}" }).Last;

    private async Task RunOnEveryCompanyAsync(string action)
    {
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records of this page" }).CheckAsync();
        var count = await Factory.WithDbAsync(db => db.Companies.CountAsync());
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Select all {count} matching" }).ClickAsync();
        await ChooseActionAsync(action);
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Run {action}" }).ClickAsync();
    }

    private async Task RunGlobalAsync(string collection, string action)
    {
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/{collection}");
        await ChooseActionAsync(action);
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Run {action}" }).ClickAsync();
    }

    [Test]
    public async Task ABackgroundAction_ShowsALiveProgressToastAndABadge_AndCancelStopsIt()
    {
        var total = await Factory.WithDbAsync(db => db.Companies.CountAsync());
        await LoginAsync();
        await RunOnEveryCompanyAsync("Recompute risk scores");

        var toast = JobToast("Recompute risk scores");
        await Expect(toast).ToContainTextAsync(Standalone($"of {total}"));
        var bar = toast.GetByRole(AriaRole.Progressbar, new() { Name = "Progress of Recompute risk scores" });
        await Expect(bar).ToHaveAttributeAsync("max", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#jobs-badge")).ToHaveTextAsync("1");
        var before = int.Parse(await bar.GetAttributeAsync("value") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(bar).Not.ToHaveAttributeAsync("value", before.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 5_000 });

        await toast.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(toast).ToContainTextAsync("Recompute risk scores cancelled.");
        await Expect(Page.Locator("#jobs-badge")).ToHaveTextAsync("");
        var job = await Factory.WithStoreAsync(store => store.Jobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).FirstAsync(j => j.Action == "Recompute risk scores"));
        await Expect(toast).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"Cancelled after {job.Done} of {total} records\\."));
        await Expect(toast).Not.ToContainTextAsync("expired");
        Assert.Multiple(() =>
        {
            Assert.That(job.Status, Is.EqualTo("cancelled"));
            Assert.That(job.CancelledBy, Is.EqualTo("admin@forest.demo"));
            Assert.That(job.Done, Is.GreaterThan(0).And.LessThan(total), "cancelled in the middle of the run");
        });
    }

    [Test]
    public async Task AGlobalExport_EndsInTheToast_WithItsFileToDownload()
    {
        var customers = await Factory.WithDbAsync(db => db.Customers.CountAsync());
        await LoginAsync("manager");
        await RunGlobalAsync("customers", "Export customers");

        var toast = JobToast("Export customers");
        await Expect(toast).ToContainTextAsync("Export customers succeeded.");
        var button = toast.GetByRole(AriaRole.Button, new() { NameRegex = new("^Download customers-\\d{8}\\.csv$") });
        var download = await Page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(download.SuggestedFilename, Does.Match("^customers-\\d{8}\\.csv$"));
            Assert.That(lines[0], Is.EqualTo("id,first_name,last_name,email"));
            Assert.That(lines, Has.Length.EqualTo(customers + 1));
        });
    }

    [Test]
    public async Task TheJobsScreen_ListsOwnJobs_AndEveryonesForAnAdministrator_WithTheReportToDownload()
    {
        await LoginAsync("manager");
        await RunGlobalAsync("customers", "Export customers");
        await Expect(JobToast("Export customers")).ToContainTextAsync("succeeded");
        await LogoutAsync();

        await LoginAsync();
        await RunOnEveryCompanyAsync("Re-send invoices");
        await Expect(JobToast("Re-send invoices")).ToContainTextAsync("Re-send invoices succeeded.", new() { Timeout = 30_000 });
        await Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Jobs" })).ToBeVisibleAsync();

        var table = Page.GetByRole(AriaRole.Table);
        var resend = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Re-send invoices" }).First;
        await Expect(resend).ToContainTextAsync("succeeded");
        await Expect(resend).ToContainTextAsync("admin@forest.demo");
        await Expect(resend).ToContainTextAsync("failed (see the report)");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "manager@forest.demo" }).First).ToContainTextAsync("Export customers");
        var report = await Page.RunAndWaitForDownloadAsync(() => resend.GetByRole(AriaRole.Button, new() { Name = "Report of Re-send invoices (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await report.PathAsync());

        await Page.GetByLabel("Jobs of").SelectOptionAsync("Mine");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Export customers" })).ToHaveCountAsync(0);
        await LogoutAsync();

        await LoginAsync("manager");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Export customers" }).First).ToContainTextAsync("succeeded");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Re-send invoices" })).ToHaveCountAsync(0);
        Assert.Multiple(() =>
        {
            Assert.That(csv, Does.StartWith("record_id,outcome,reason\r\n"));
            Assert.That(csv, Does.Contain(",failed,").And.Contain(",succeeded,"));
            Assert.That(report.SuggestedFilename, Does.EndWith("-report.csv"));
        });
    }
}
