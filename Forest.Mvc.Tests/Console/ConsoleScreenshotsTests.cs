using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// Walks through the main screens and takes the screenshots of docs/images: run it with UPDATE_SCREENSHOTS=1
/// (<c>--filter "FullyQualifiedName~ConsoleScreenshots"</c>). Explicit: every screen it visits is asserted by the
/// other browser fixtures, so the suite does not pay for it twice.
/// </summary>
[TestFixture, Explicit("writes docs/images; run it with UPDATE_SCREENSHOTS=1")]
public sealed class ConsoleScreenshotsTests : BrowserFixture
{
    private static string Folder()
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
        {
            return Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "docs", "images"));
        }

        return Directory.CreateTempSubdirectory("forest-screens-").FullName;
    }

    [Test]
    public async Task MainScreens_Render()
    {
        var folder = Folder();
        Directory.CreateDirectory(folder);
        async Task Shot(string name) => await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name) });

        await Page.GotoAsync(BaseUrl + "/");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Shot("login.png");

        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 1", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 2", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Menuitem, new() { Name = "Suspend" })).ToBeVisibleAsync();
        await Shot("companies-actions.png");
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Suspend" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Suspend 2 companies?");
        await Shot("destructive-confirmation.png");
        await Page.Keyboard.PressAsync("Escape");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions?sort=-emitter_company.name");
        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Columns of Transactions" })).ToBeVisibleAsync();
        await Shot("columns.png");
        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        await Page.Keyboard.PressAsync("Control+K");
        await Page.Keyboard.TypeAsync("go to");
        await Expect(Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to or run" })).ToBeVisibleAsync();
        await Shot("palette.png");
        await Page.Keyboard.PressAsync("Escape");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/3/emitted_transactions");
        await Expect(Page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync("records.");
        await Shot("record-related-data.png");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions/30");
        await ChooseActionAsync("Refund");
        await Page.GetByRole(AriaRole.Dialog).GetByLabel("Reason").SelectOptionAsync("Other");
        await Expect(Page.GetByRole(AriaRole.Dialog).GetByLabel("Details")).ToBeVisibleAsync();
        await Shot("dynamic-form.png");
        await Page.Keyboard.PressAsync("Escape");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers/1");
        await ChooseActionAsync("Charge credit card");
        await Page.GetByRole(AriaRole.Dialog).GetByLabel("amount").FillAsync("42.50");
        await Page.GetByRole(AriaRole.Dialog).GetByLabel("description").FillAsync("Monthly subscription");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog).Last).ToContainTextAsync("successfully charged");
        await Shot("html-result.png");
        await Page.Keyboard.PressAsync("Escape");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/roles");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save permissions of Accountant" })).ToBeVisibleAsync();
        await Shot("settings-roles.png");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/approvals/history");
        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "History (0)" })).ToBeVisibleAsync();
        await Shot("approvals.png");

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records of this page" }).CheckAsync();
        await ChooseActionAsync("Re-send invoices");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run Re-send invoices" }).ClickAsync();
        await Expect(Page.Locator("#toasts .toast-job")).ToContainTextAsync("Re-send invoices succeeded.");
        await Shot("job-toast.png");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Re-send invoices");
        await Shot("jobs.png");

        await Page.Locator("#toasts .toast-job").GetByRole(AriaRole.Button, new() { Name = "Dismiss notification" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "AI agents and tokens" }).ClickAsync();
        await Page.GetByLabel("Name").FillAsync("Claude on my laptop");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("shown once");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Claude on my laptop");
        await Shot("tokens.png");

        await Page.SetViewportSizeAsync(390, 844);
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/3");
        await Expect(Page.Locator("#main dl.details")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Shot("phone-dark.png");

        Assert.That(Directory.GetFiles(folder, "*.png"), Has.Length.GreaterThanOrEqualTo(14));
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1")
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
