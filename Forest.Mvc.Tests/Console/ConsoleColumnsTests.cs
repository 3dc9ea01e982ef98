using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// Names instead of ids, and the columns a user picks: relation cells show the referenced record's name (from the
/// list's included records), the columns and the page size follow the user to their next session, a relation column
/// sorts on the referenced record's name, and the landing page after login has records.
/// </summary>
[TestFixture]
public sealed class ConsoleColumnsTests : BrowserFixture
{
    private ILocator Table => Page.GetByRole(AriaRole.Table).First;

    [Test]
    public async Task RelationCells_ShowTheReferencedRecordsName_WithoutARequestPerRow()
    {
        var first = await Factory.WithDbAsync(db => db.Transactions.OrderBy(t => t.Id).Select(t => new { t.Reference, Company = t.EmitterCompany!.Name }).FirstAsync());
        var reads = new List<string>();
        Page.Request += (_, request) => { if (System.Text.RegularExpressions.Regex.IsMatch(request.Url, "/forest/companies/[0-9]")) reads.Add(request.Url); };
        await LoginAsync();

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions");
        var row = Table.GetByRole(AriaRole.Row).Filter(new() { HasText = first.Reference });

        await Expect(row.GetByRole(AriaRole.Link, new() { Name = first.Company, Exact = true }).First).ToBeVisibleAsync();
        await Expect(row).Not.ToContainTextAsync("Emitter company");
        Assert.That(reads, Is.Empty, "the names come with the list (included), not from a request per company");
    }

    [Test]
    public async Task TheColumnsAndPageSizeAUserPicks_FollowThemToTheirNextSession()
    {
        await LoginAsync("manager");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Industry" })).ToBeVisibleAsync();

        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Industry" }).UncheckAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Risk score" }).CheckAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Industry" })).ToHaveCountAsync(0);
        await Page.GetByLabel("Rows per page").SelectOptionAsync("25");
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(26);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await LogoutAsync();
        await LoginAsync("manager");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Risk score" })).ToBeVisibleAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Industry" })).ToHaveCountAsync(0);
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(26);
        await Expect(Page.GetByLabel("Rows per page")).ToHaveValueAsync("25");

        await LogoutAsync();
        await LoginAsync("support");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Industry" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task ARelationColumn_SortsOnTheReferencedRecordsName()
    {
        var expected = await Factory.WithDbAsync(db => db.Transactions.OrderBy(t => t.EmitterCompany!.Name).ThenBy(t => t.Id).Select(t => t.EmitterCompany!.Name).FirstAsync());
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions");

        await Table.GetByRole(AriaRole.Button, new() { Name = "Emitter company" }).ClickAsync();

        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Emitter company" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(expected);
    }

    [Test]
    public async Task TheActivityLog_NamesTheFirstRecords_ThenSaysHowManyMore()
    {
        var ids = await Factory.WithDbAsync(db => db.Companies.OrderBy(c => c.Id).Select(c => c.Id).Skip(30).Take(5).ToListAsync());
        var names = await Task.WhenAll(ids.Take(3).Select(id => RecordNameAsync("companies", id)));
        await LoginAsync();
        var status = await Page.EvaluateAsync<int>($$"""
            async () => (await fetch('/forest/actions/suspend', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('forest.token') },
              body: JSON.stringify({ data: { type: 'custom-action-requests', attributes: { collection_name: 'companies', ids: {{System.Text.Json.JsonSerializer.Serialize(ids.Select(i => i.ToString()))}}, values: {} } } }) })).status
            """);
        Assert.That(status, Is.EqualTo(200));

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/activity");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Suspend (companies)" }).First;

        await Expect(row).ToContainTextAsync($"{string.Join(", ", names)} and 2 more");
    }

    [Test]
    public async Task AfterLogin_TheConsoleOpensACollectionWithRecords_NotTheEmptyFirstOne()
    {
        var charges = await Factory.WithDbAsync(db => db.Charges.CountAsync());
        await LoginAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(charges == 0 ? "#/c/companies$" : "#/c/charges$"));
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Checkbox)).ToBeVisibleAsync();
        await Expect(Table).Not.ToContainTextAsync("No records.");
    }
}
