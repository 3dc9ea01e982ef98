using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// The URL holds the view: search, segment, filters, sort, page and page size of a list, and the open tab of a
/// record, so that Back, a reload and a shared link restore it; a filter the server refuses is shown as not applied.
/// </summary>
[TestFixture(1440, 900)]
[TestFixture(390, 844)]
public sealed class ConsoleUrlStateTests(int width, int height) : BrowserFixture
{
    /// <summary>Every test at a desktop and at a phone width.</summary>
    [SetUp]
    public Task SizeAsync() => Page.SetViewportSizeAsync(width, height);

    private ILocator Table => Page.GetByRole(AriaRole.Table).First;

    [Test]
    public async Task ASearchedSortedPagedList_SurvivesAReload_AndBackFromARecord()
    {
        var labs = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Name.ToLower().Contains("labs")).OrderByDescending(c => c.Name).ThenBy(c => c.Id).Select(c => c.Name).ToListAsync());
        Assume.That(labs, Has.Count.GreaterThan(15), "two pages of 'labs' companies");
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByLabel("Search Companies").FillAsync("labs");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.GetByText(Standalone($"{labs.Count} records."))).ToBeVisibleAsync();
        await Table.GetByRole(AriaRole.Button, new() { Name = "Name" }).ClickAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Name" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Table.GetByRole(AriaRole.Button, new() { Name = "Name" }).ClickAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Name" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(Page.GetByText("Page 2 of")).ToBeVisibleAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"#/c/companies\?search=labs&sort=-name&page=2$"));
        await Page.ReloadAsync();
        await Expect(Page.GetByText("Page 2 of")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Search Companies")).ToHaveValueAsync("labs");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(labs[15]);

        await Table.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(Page.Locator("dl.details")).ToBeVisibleAsync();
        await Page.GoBackAsync();
        await Expect(Page.GetByText("Page 2 of")).ToBeVisibleAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Name" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(labs[15]);
    }

    [Test]
    public async Task ASharedLink_WithASegmentAFilterAndAPageSize_OpensTheSameView()
    {
        var expected = await Factory.WithDbAsync(db => db.Companies.CountAsync(c => c.Status == "pending" && c.Industry == "Retail"));
        var filters = Uri.EscapeDataString("""[{"field":"industry","operator":"equal","value":"Retail"}]""");
        await LoginAsync();

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies?segment={Uri.EscapeDataString("Pending companies")}&filters={filters}&size=25");

        await Expect(Page.GetByText(Standalone($"{expected} records."))).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Segment")).ToHaveValueAsync("Pending companies");
        await Expect(Page.GetByRole(AriaRole.List, new() { Name = "Active filters" })).ToContainTextAsync("Industry equal Retail");
        await Expect(Page.GetByLabel("Rows per page")).ToHaveValueAsync("25");
    }

    [Test]
    public async Task AFilterTheServerRefuses_IsShownAsNotApplied_AndTheRestOfTheViewStillLoads()
    {
        var all = await Factory.WithDbAsync(db => db.Companies.CountAsync());
        var filters = Uri.EscapeDataString("""[{"field":"created_at","operator":"contains","value":"x"}]""");
        await LoginAsync();

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies?filters={filters}");

        var chip = Page.GetByRole(AriaRole.List, new() { Name = "Active filters" }).GetByRole(AriaRole.Listitem);
        await Expect(chip).ToContainTextAsync("not applied");
        await Expect(Page.GetByText(Standalone($"{all} records."))).ToBeVisibleAsync();
        await Expect(Page.GetByText("Filters (1, 1 not applied)")).ToBeVisibleAsync();
        await Expect(Page).Not.ToHaveURLAsync(new Regex("filters="));
    }

    [Test]
    public async Task ARecordsOpenTab_IsInTheUrl_AndAReloadReopensIt()
    {
        var company = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Users.Any()).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("companies", company);

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"#/c/companies/{company}/users$"));
        await Page.ReloadAsync();

        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Users" })).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Test]
    public async Task AForbiddenOrMissingPage_SaysSo_WithAWayBack()
    {
        await LoginAsync("viewer");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/roles");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#main")).ToContainTextAsync("Only administrators see the settings.");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/nothing");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#main")).ToContainTextAsync("There is no collection named nothing.");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/999999");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "open the home page" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("#/c/companies$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Companies", Level = 1 })).ToBeVisibleAsync();
    }
}
