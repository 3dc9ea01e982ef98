using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// The flows of the desktop fixtures (actions and their results, approvals, background jobs, settings, tokens) done
/// end to end on a phone (390×844): every dialog, panel, toast and builder stays on screen, and the page never
/// scrolls sideways.
/// </summary>
[TestFixture]
public sealed class ConsolePhoneFlowsTests : BrowserFixture
{
    private const int Width = 390;

    private ILocator Dialog => Page.GetByRole(AriaRole.Dialog).Last;

    [SetUp]
    public Task PhoneAsync() => Page.SetViewportSizeAsync(Width, 844);

    /// <summary>Fails unless <paramref name="element"/> lies between the phone's left and right edges.</summary>
    private static async Task AssertOnScreenAsync(ILocator element, string what)
    {
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync() ?? throw new AssertionException($"{what} is not shown");
        Assert.That((box.X >= 0, box.X + box.Width <= Width + 0.5), Is.EqualTo((true, true)), $"{what} spans x = {box.X:0}…{box.X + box.Width:0} on a {Width} px screen");
    }

    private async Task AssertNoSidewaysScrollAsync(string where)
    {
        var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(Width), $"{where} is {width} px wide");
    }


    [Test]
    public async Task AFormWithServerErrors_ThenItsHtmlPanel_FitThePhone()
    {
        var customer = await Factory.WithDbAsync(db => db.Customers.Where(c => !c.CardBlocked).Select(c => c.Id).FirstAsync());
        await LoginAsync();
        await OpenRecordAsync("customers", customer);
        await ChooseActionAsync("Charge credit card");

        await Dialog.GetByLabel("amount").FillAsync("-5");
        await Dialog.GetByLabel("description").FillAsync("Charged from a phone");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        var amount = Dialog.GetByLabel("amount");
        await Expect(amount).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("must be greater than '0'"));
        await AssertOnScreenAsync(Dialog.Locator(".field-error").Filter(new() { HasText = "greater than" }), "the amount's error");
        await AssertOnScreenAsync(Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }), "the Submit button");

        await amount.FillAsync("12");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        var panel = Page.GetByRole(AriaRole.Dialog, new() { Name = "Charge credit card" }).Last;
        await Expect(panel).ToContainTextAsync("$12.00 USD has been successfully charged.");
        await AssertOnScreenAsync(panel, "the HTML panel");
        await AssertNoSidewaysScrollAsync("the record page under the panel");
    }

    [Test]
    public async Task AManagersRequest_IsApprovedByAnAdmin_OnAPhone()
    {
        await LoginAsync("manager");
        await OpenRecordAsync("companies", 18);
        await ChooseActionAsync("Suspend");
        await AssertOnScreenAsync(Dialog, "the confirmation");
        await Expect(Dialog).ToContainTextAsync("it sends a request for approval");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Request approval" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Approval requested");
        await AssertOnScreenAsync(Page.Locator("#toasts .toast").Last, "the toast");
        await LogoutAsync();

        await LoginAsync("admin");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/approvals/to-review");
        await ApprovalRow("Suspend", "18").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        var details = Page.GetByRole(AriaRole.Dialog, new() { Name = "Suspend on companies" });
        await AssertOnScreenAsync(details, "the request's details");
        await details.GetByLabel("Message (optional)").FillAsync("Approved on the go");
        await AssertOnScreenAsync(details.GetByRole(AriaRole.Button, new() { Name = "Approve" }), "the Approve button");
        await details.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync("1 company suspended.");
        await AssertNoSidewaysScrollAsync("the approvals");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 18).Select(c => c.Status).SingleAsync()), Is.EqualTo("suspended"));
    }

    [Test]
    public async Task ABackgroundJobsToast_AndTheJobsScreen_FitThePhone()
    {
        await LoginAsync("manager");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers");
        await ChooseActionAsync("Export customers");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Run Export customers" }).ClickAsync();

        var toast = Page.Locator("#toasts .toast-job").Filter(new() { HasText = "Job: Export customers" }).Last;
        await Expect(toast).ToContainTextAsync("Export customers succeeded.");
        await AssertOnScreenAsync(toast, "the job's toast");
        var download = toast.GetByRole(AriaRole.Button, new() { NameRegex = new("^Download customers-\\d{8}\\.csv$") });
        await AssertOnScreenAsync(download, "its Download button");
        var file = await Page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        Assert.That(file.SuggestedFilename, Does.Match("^customers-\\d{8}\\.csv$"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = "Export customers" }).First).ToContainTextAsync("succeeded");
        await AssertNoSidewaysScrollAsync("the jobs screen");
    }

    [Test]
    public async Task TheConditionBuilder_AndANewTokensDialog_FitThePhone()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/actions");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = "Companies › Mark as Live" }) });
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Mark as Live enable condition" }).ClickAsync();
        var builder = Page.GetByRole(AriaRole.Dialog, new() { Name = "Mark as Live enable condition" });
        await builder.GetByRole(AriaRole.Button, new() { Name = "Add a condition" }).ClickAsync();
        foreach (var label in new[] { "Field", "Operator", "Value" })
        {
            await AssertOnScreenAsync(builder.GetByLabel(label, new() { Exact = true }), $"the condition's {label}");
        }

        await builder.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("industry");
        await builder.GetByLabel("Value", new() { Exact = true }).FillAsync("Energy");
        await builder.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Industry equal Energy");
        await AssertNoSidewaysScrollAsync("the actions' settings");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/tokens");
        await Page.GetByLabel("Name").FillAsync("Phone-made agent");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var created = Page.GetByRole(AriaRole.Dialog);
        await Expect(created.GetByLabel("Token")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^fpat_"));
        await AssertOnScreenAsync(created, "the new token's dialog");
        await AssertOnScreenAsync(created.GetByRole(AriaRole.Button, new() { Name = "Done" }), "its Done button");
        await AssertNoSidewaysScrollAsync("the tokens screen");
    }
}
