using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SampleApp.Data;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>The actions menu, forms and every kind of result, clicked in a real browser.</summary>
[TestFixture]
public sealed class ConsoleActionsTests : BrowserFixture
{
    private ILocator Toasts => Page.Locator("#toasts");

    private ILocator Alerts => Page.Locator("#alerts");


    private ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    [Test]
    public async Task MarkAsLive_FromTheRecordPage_ShowsTheCustomSuccess()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("companies", id);

        await ChooseActionAsync("Mark as Live");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Mark as Live" }).ClickAsync();

        await Expect(Toasts).ToContainTextAsync("Company is now live!");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()), Is.EqualTo("live"));
    }

    [Test]
    public async Task MarkAsLive_IsDisabledWithItsReason_ForALiveCompany()
    {
        var id = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Live).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("companies", id);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();

        var item = Page.GetByRole(AriaRole.Menuitem, new() { Name = "Mark as Live" });
        await Expect(item).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(item).ToHaveAccessibleDescriptionAsync("The company was already live!");
    }

    [Test]
    public async Task Viewer_SeesNoAction_AndSupportOnlyMarkAsLive()
    {
        await LoginAsync("viewer");
        await OpenRecordAsync("companies", 3);
        await Expect(Page.Locator("dl.details")).ToContainTextAsync("Headquarter");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true })).ToHaveCountAsync(0);
        var refused = await Page.EvaluateAsync<int>("""
            async () => (await fetch('/forest/actions/mark-as-live', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('forest.token') },
              body: JSON.stringify({ data: { type: 'custom-action-requests', attributes: { collection_name: 'companies', ids: ['3'], values: {} } } }) })).status
            """);
        Assert.That(refused, Is.EqualTo(403), "the server refuses what the console does not show");

        await LogoutAsync();
        await LoginAsync("support");
        await OpenRecordAsync("companies", 3);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Mark as Live"]);
    }

    [Test]
    public async Task ChargeCreditCard_ShowsServerErrorsNextToFields_ThenTheHtmlPanel()
    {
        var customer = await Factory.WithDbAsync(db => db.Customers.Where(c => !c.CardBlocked).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("customers", customer);
        await ChooseActionAsync("Charge credit card");

        await Dialog.GetByLabel("amount").FillAsync("-5");
        await Dialog.GetByLabel("description").FillAsync("Manual charge");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(Dialog.GetByLabel("amount")).ToHaveAccessibleDescriptionAsync(new Regex("must be greater than '0'"));

        await Dialog.GetByLabel("amount").FillAsync("42.5");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var panel = Page.GetByRole(AriaRole.Dialog, new() { Name = "Charge credit card" }).Last;
        await Expect(panel).ToContainTextAsync("$42.50 USD has been successfully charged.");
    }

    [Test]
    public async Task BlockedCard_HtmlErrorPanel_ReturnsToTheFormWithTheInputKept()
    {
        var customer = await Factory.WithDbAsync(db => db.Customers.Where(c => c.CardBlocked).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("customers", customer);
        await ChooseActionAsync("Charge credit card");
        await Dialog.GetByLabel("amount").FillAsync("10");
        await Dialog.GetByLabel("description").FillAsync("Try it");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var panel = Page.GetByRole(AriaRole.Dialog, new() { Name = "Charge credit card failed" });
        await Expect(panel).ToContainTextAsync("The card is marked as blocked");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Back to the form" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Dialog, new() { Name = "Charge credit card" }).GetByLabel("description")).ToHaveValueAsync("Try it");
    }

    [Test]
    public async Task AddNewTransaction_UsesTheRecordPicker_AndRefreshesEmittedTransactions()
    {
        await LoginAsync();
        await OpenRecordAsync("companies", 2);
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Emitted transactions" }).ClickAsync();
        var before = await Factory.WithDbAsync(db => db.Transactions.CountAsync(t => t.EmitterCompanyId == 2));
        await Expect(Page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync(Standalone($"{before} records."));

        await ChooseActionAsync("Add new transaction");
        var beneficiary = await RecordNameAsync("companies", 5);
        await Dialog.GetByRole(AriaRole.Combobox, new() { Name = "Beneficiary company" }).FillAsync(beneficiary);
        await Dialog.GetByRole(AriaRole.Option, new() { Name = $"{beneficiary} (#5)" }).ClickAsync();
        await Dialog.GetByLabel("Amount").FillAsync("321");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(Toasts).ToContainTextAsync("New transaction emitted");
        await Expect(Page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync(Standalone($"{before + 1} records."));
        var emitted = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.EmitterCompanyId == 2).OrderByDescending(t => t.Id).FirstAsync());
        Assert.That((emitted.BeneficiaryCompanyId, emitted.Amount), Is.EqualTo((5, 321L)), "the record picked by its name");
    }

    [Test]
    public async Task Refund_DynamicForm_RevealsDetailsWhenTheReasonIsOther()
    {
        var transaction = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Status != "refunded").OrderByDescending(t => t.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("transactions", transaction.Id);
        await ChooseActionAsync("Refund");

        await Expect(Dialog.GetByLabel("Amount")).ToHaveValueAsync(transaction.Amount.ToString());
        await Expect(Dialog.GetByLabel("Details")).ToHaveCountAsync(0);
        await Dialog.GetByLabel("Reason").SelectOptionAsync("Other");
        await Expect(Dialog.GetByLabel("Details")).ToBeVisibleAsync();
        await Dialog.GetByLabel("Details").FillAsync("Charged twice");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();

        await Expect(Toasts).ToContainTextAsync(Standalone($"{transaction.Amount} refunded."));
    }

    [Test]
    public async Task ImportTransactions_UploadsTheChosenFile()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "emitter,beneficiary,amount\n1,2,77\n");
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions");
        await ChooseActionAsync("Import transactions");

        await Dialog.GetByLabel("CSV file").SetInputFilesAsync(csv);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(Toasts).ToContainTextAsync("Imported 1 transaction.");
    }

    [Test]
    public async Task GenerateInvoice_DownloadsWithTheServersFileName()
    {
        await LoginAsync();
        await OpenRecordAsync("customers", 3);
        await ChooseActionAsync("Generate invoice");

        var download = await Page.RunAndWaitForDownloadAsync(() => Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Generate invoice" }).ClickAsync());

        Assert.That(download.SuggestedFilename, Is.EqualTo("invoice-3.pdf"));
    }

    [Test]
    public async Task Redirects_NavigateInside_OrOpenANewTab()
    {
        await LoginAsync();
        await OpenRecordAsync("companies", 4);
        await ChooseActionAsync("Show some activity");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Show some activity" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("#/c/companies/4/emitted_transactions$"));
        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Emitted transactions" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync(new Regex(@"\d+ records?\.")); // drawn: a menu opened meanwhile would close

        await Context.RouteAsync("https://www.royalmail.com/**", route => route.FulfillAsync(new() { Body = "<h1>Tracking</h1>", ContentType = "text/html" }));
        await ChooseActionAsync("Return and track");
        var popup = await Page.RunAndWaitForPopupAsync(() => Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Return and track" }).ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.That(popup.Url, Is.EqualTo("https://www.royalmail.com/portal/rm/track?trackNumber=ZW924750388GB"));
        await popup.CloseAsync();
    }

    [Test]
    public async Task NotifyCrm_FiresTheWebhookFromTheBrowser()
    {
        await LoginAsync();
        await OpenRecordAsync("companies", 5);
        await ChooseActionAsync("Notify CRM");

        var webhook = await Page.RunAndWaitForRequestAsync(
            () => Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Notify CRM" }).ClickAsync(),
            request => request.Url.EndsWith("/demo/webhook-inbox", StringComparison.Ordinal) && request.Method == "POST");

        Assert.That(webhook.PostData, Does.Contain("\"companyIds\":[\"5\"]"));
        await Expect(Toasts).ToContainTextAsync("Webhook sent.");
    }

    [Test]
    public async Task Manager_Suspend_IsSentForApproval()
    {
        await LoginAsync("manager");
        await OpenRecordAsync("companies", 13);
        await ChooseActionAsync("Suspend");
        await Expect(Dialog).ToContainTextAsync("This does not run now: it sends a request for approval");
        await Expect(Dialog.GetByText("Suspend 1 company?", new() { Exact = true })).ToBeVisibleAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Request approval" }).ClickAsync();

        await Expect(Toasts).ToContainTextAsync("Approval requested");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 13).Select(c => c.Status).SingleAsync()), Is.Not.EqualTo("suspended"));
    }

    [Test]
    public async Task ScheduleAudit_FillsEveryFieldType()
    {
        var attachment = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(attachment, "agenda");
        var date = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd");
        await LoginAsync();
        await OpenRecordAsync("companies", 6);
        await ChooseActionAsync("Schedule audit");

        await Dialog.GetByLabel("Auditor").FillAsync("Grace Hopper");
        await Dialog.GetByLabel("Audit date").FillAsync(date);
        await Dialog.GetByLabel("Start time").FillAsync("09:30");
        await Dialog.GetByLabel("Report deadline").FillAsync("2030-01-31T17:00");
        await Dialog.GetByLabel("On site").UncheckAsync();
        await Dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Finance" }).CheckAsync();
        await Dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Security" }).CheckAsync();
        await Dialog.GetByLabel("Budget").FillAsync("1200.5");
        await Dialog.GetByLabel("Team size").FillAsync("3");
        await Dialog.GetByLabel("Contacts").FillAsync("cfo@example.com\nciso@example.com");
        await Dialog.GetByLabel("Checklist").FillAsync("{\"items\": [\"ledger\"]}");
        await Dialog.GetByLabel("Attachments").SetInputFilesAsync(attachment);
        await Dialog.GetByLabel("Door code").FillAsync("4521");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var panel = Page.GetByRole(AriaRole.Dialog, new() { Name = "Schedule audit" }).Last;
        await Expect(panel).ToContainTextAsync("Auditor: Grace Hopper");
        await Expect(panel).ToContainTextAsync($"Date: {date} at 09:30");
        await Expect(panel).ToContainTextAsync("On site: no");
        await Expect(panel).ToContainTextAsync("Scope: Finance, Security");
        await Expect(panel).ToContainTextAsync("Budget: 1200.50; team size: 3");
        await Expect(panel).ToContainTextAsync("Contacts: cfo@example.com, ciso@example.com");
        await Expect(panel).ToContainTextAsync("Checklist: {\"items\":[\"ledger\"]}");
        await Expect(panel).ToContainTextAsync($"Attachments: {Path.GetFileName(attachment)} (6 bytes)");
    }

    [Test]
    public async Task Submit_IsDisabledWhileRunning_SoADoubleClickRunsOnce()
    {
        var requests = 0;
        Page.Request += (_, request) => { if (request.Url.Contains("/forest/actions/validate", StringComparison.Ordinal)) requests++; };
        var transaction = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Status == "to_validate").Select(t => t.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("transactions", transaction);
        await ChooseActionAsync("Validate");

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Validate" }).DblClickAsync();

        await Expect(Toasts).ToContainTextAsync("Action completed.");
        Assert.That(requests, Is.EqualTo(1));
    }
}
