using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SampleApp.Data;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>Collections in the browser: paging, sort, search, filters, segments, select-all with exclusions, related data.</summary>
[TestFixture]
public sealed class ConsoleRecordsTests : BrowserFixture
{
    private ILocator Table => Page.GetByRole(AriaRole.Table).First;

    private async Task OpenCompaniesAsync()
    {
        await LoginAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Companies", Level = 1 })).ToBeVisibleAsync();
    }

    [Test]
    public async Task Table_PagesAndSorts()
    {
        var total = await Factory.WithDbAsync(db => db.Companies.CountAsync());
        await OpenCompaniesAsync();
        await Expect(Page.GetByText(Standalone($"{total} records."))).ToBeVisibleAsync();
        await Expect(Page.GetByText(Standalone($"Page 1 of {(total + 14) / 15}"))).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(Page.GetByText(Standalone($"Page 2 of {(total + 14) / 15}"))).ToBeVisibleAsync();
        await Table.GetByRole(AriaRole.Button, new() { Name = "Id" }).ClickAsync();

        // The table is drawn again after each sort: the second click goes to the new header, as a person's would.
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Id" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Table.GetByRole(AriaRole.Button, new() { Name = "Id" }).ClickAsync();

        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Id" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Link, new() { Name = total.ToString(), Exact = true })).ToBeVisibleAsync();
    }

    [Test]
    public async Task SearchFilterAndSegment_NarrowTheList()
    {
        var acme = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Name.ToLower().Contains("acme")));
        var live = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "live"));
        var paris = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Headquarter == "Paris"));
        await OpenCompaniesAsync();

        await Page.GetByLabel("Search Companies").FillAsync("acme");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.GetByText(Standalone($"{acme} records."))).ToBeVisibleAsync();
        await Page.GetByLabel("Search Companies").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        await Page.GetByLabel("Segment").SelectOptionAsync("Live companies");
        await Expect(Page.GetByText(Standalone($"{live} records."))).ToBeVisibleAsync();
        await Page.GetByLabel("Segment").SelectOptionAsync("");

        await Page.GetByText("Filters").ClickAsync();
        await Page.GetByLabel("Field").SelectOptionAsync("headquarter");
        await Page.GetByLabel("Operator").SelectOptionAsync("equal");
        await Page.GetByLabel("Value").FillAsync("Paris");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }).ClickAsync();
        await Expect(Page.GetByText(Standalone($"{paris} records."))).ToBeVisibleAsync();
    }

    [Test]
    public async Task ExportCsv_DownloadsTheSearchedList_AndIsRefusedToAViewer()
    {
        var acme = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Name.ToLower().Contains("acme")).Select(c => c.Name).ToListAsync());
        await OpenCompaniesAsync();
        await Page.GetByLabel("Search Companies").FillAsync("acme");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.GetByText(Standalone($"{acme.Count} records."))).ToBeVisibleAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(download.SuggestedFilename, Is.EqualTo("companies.csv"));
            Assert.That(lines[0], Is.EqualTo("id,created_at,description,headquarter,industry,live_since,name,risk_score,status"));
            Assert.That(lines, Has.Length.EqualTo(acme.Count + 1));
            Assert.That(acme, Is.All.Matches<string>(name => lines.Any(l => l.Contains(name, StringComparison.Ordinal))));
        });

        await LogoutAsync();
        await LoginAsync("viewer");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Expect(Table).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" })).ToHaveCountAsync(0);
        var refused = await Page.EvaluateAsync<int>("async () => (await fetch('/forest/companies.csv', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('forest.token') } })).status");
        Assert.That(refused, Is.EqualTo(403), "the server refuses what the console does not show");
    }

    [Test]
    public async Task SelectAllMatching_WithUntickedRows_SuspendsTheRest()
    {
        await OpenCompaniesAsync();
        await Page.GetByLabel("Segment").SelectOptionAsync("Pending companies");
        var pending = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending").Select(c => c.Id).ToListAsync());
        await Expect(Page.GetByText(Standalone($"{pending.Count} records."))).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records of this page" }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Select all {pending.Count} matching" }).ClickAsync();
        var spared = pending.Min();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select record {spared}", Exact = true }).UncheckAsync();
        await Expect(Page.GetByText(Standalone($"All {pending.Count - 1} matching records are selected (1 unticked)."))).ToBeVisibleAsync();
        await ChooseActionAsync("Suspend");
        await Expect(Page.GetByRole(AriaRole.Dialog).GetByText($"Suspend {pending.Count - 1} companies?", new() { Exact = true })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Suspend {pending.Count - 1} companies" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync(Standalone($"{pending.Count - 1} companies suspended."));
        await Expect(Page.GetByText("1 record.", new() { Exact = true })).ToBeVisibleAsync(); // the suspended left the segment, and the selection
        await Expect(Page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select record {spared}", Exact = true })).Not.ToBeCheckedAsync();
        var statuses = await Factory.WithDbAsync(db => db.Companies.Where(c => pending.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.That(statuses[spared], Is.EqualTo("pending"));
        Assert.That(statuses.Where(s => s.Key != spared).Select(s => s.Value), Is.All.EqualTo("suspended"));
    }

    [Test]
    public async Task RecordPage_ShowsFieldsAndRelatedData_AndRunsActionsWithTheParentContext()
    {
        var users = await Factory.WithDbAsync(db => db.Users.Where(u => u.CompanyId == 7).Select(u => u.Id).ToListAsync());
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Table.GetByRole(AriaRole.Link, new() { Name = "7", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = await RecordNameAsync("companies", 7), Level = 1 })).ToBeVisibleAsync();
        await Expect(Page).ToHaveTitleAsync($"{await RecordNameAsync("companies", 7)} · Companies · Forest.Mvc admin");
        await Expect(Page.Locator("dl.details")).ToContainTextAsync("Headquarter");

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
        var panel = Page.GetByRole(AriaRole.Tabpanel);
        await Expect(panel).ToContainTextAsync(Standalone($"{users.Count} records."));
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records of this page" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Actions on Users" }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Reset password" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run Reset password" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync($"Password reset requested for {users.Count} users.");
        Assert.That(await Factory.WithDbAsync(db => db.Users.CountAsync(u => u.PasswordResetRequestedAt != null && u.CompanyId != 7)), Is.Zero);
    }

    [Test]
    public async Task NarrowWindow_KeepsNavigationAndActionsUsable()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await LoginAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Companies", Level = 1 })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Menuitem, new() { Name = "Send pending reminders" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("Escape");
        await Expect(Page.GetByRole(AriaRole.Menu)).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("#/approvals/to-review$"));
    }
}
