using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// A phone (390×844) and the keyboard: no screen is wider than the phone, the navigation is a menu, popups and
/// dialogs stay on screen; a skip link, and the focus back where it belongs after a checkbox, a dialog or an action.
/// </summary>
[TestFixture]
public sealed class ConsolePhoneAndKeyboardTests : BrowserFixture
{
    private const int Width = 390;

    private static readonly string[] Routes =
    [
        "#/c/companies", "#/c/transactions", "#/c/companies/7", "#/approvals/history", "#/activity",
        "#/settings/actions", "#/settings/roles", "#/settings/users", "#/tokens",
    ];

    [Test]
    public async Task OnAPhone_NoScreenIsWiderThanThePhone()
    {
        await Page.SetViewportSizeAsync(Width, 844);
        await LoginAsync();
        var tooWide = new List<string>();
        foreach (var route in Routes)
        {
            await Page.GotoAsync($"{BaseUrl}/forest-admin/{route}");
            await Page.Locator("#main h1").WaitForAsync();
            await Page.Locator("#main [aria-busy=true]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await Page.Locator("#main table, #main dl, #main form").First.WaitForAsync();
            var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > Width)
            {
                tooWide.Add($"{route}: {width} px");
            }
        }

        Assert.That(tooWide, Is.Empty);
    }

    [Test]
    public async Task OnAPhone_TheNavigationIsAMenu_AndTheActionsMenuAndAFormStayOnScreen()
    {
        await Page.SetViewportSizeAsync(Width, 844);
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers/1");
        await Page.Locator("#main dl.details").WaitForAsync();

        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToHaveAttributeAsync("aria-expanded", "true");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers/1");
        await Page.Locator("#main dl.details").WaitForAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        var menu = (await Page.GetByRole(AriaRole.Menu).BoundingBoxAsync())!;
        Assert.That(menu.X, Is.GreaterThanOrEqualTo(0), "the menu starts on screen");
        Assert.That(menu.X + menu.Width, Is.LessThanOrEqualTo(Width), "the menu ends on screen");

        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Charge credit card" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        var overflow = await dialog.EvaluateAsync<bool>("d => d.scrollWidth > d.clientWidth");
        Assert.That(overflow, Is.False, "the form's fields fit the dialog");
    }

    [Test]
    public async Task OnAPhone_TheColumnChecklistAndThePageSizeStayOnScreen_AndWork()
    {
        await Page.SetViewportSizeAsync(Width, 844);
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/transactions");
        var table = Page.GetByRole(AriaRole.Table).First;
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Note" })).ToHaveCountAsync(1);

        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        var checklist = (await Page.GetByRole(AriaRole.Group, new() { Name = "Columns of Transactions" }).BoundingBoxAsync())!;
        Assert.That((checklist.X >= 0, checklist.X + checklist.Width <= Width), Is.EqualTo((true, true)), "the checklist is on screen");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Note" }).UncheckAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Note" })).ToHaveCountAsync(0);
        await Page.GetByLabel("Rows per page").SelectOptionAsync("50");
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(51);
    }

    [Test]
    public async Task TheFirstStopOfThePage_IsASkipLink_ThatMovesTheFocusToTheContent()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Table).First.WaitForAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Forest.Mvc", Exact = true }).FocusAsync();

        await Page.Keyboard.PressAsync("Shift+Tab");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        Assert.That(await Page.EvaluateAsync<bool>("() => document.activeElement === [...document.querySelectorAll('a,button,input,select,textarea,[tabindex]')].find(e => e.tabIndex >= 0)"), Is.True, "it is the first stop");
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator("#main")).ToBeFocusedAsync();
    }

    [Test]
    public async Task TheFocus_StaysOnATickedCheckbox_AndComesBackToTheActionsButtonAfterADialog()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        var box = Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 2", Exact = true });

        await box.CheckAsync();
        await Expect(box).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(box).Not.ToBeCheckedAsync();
        await Expect(box).ToBeFocusedAsync();

        await box.CheckAsync();
        await ChooseActionAsync("Suspend");
        await Page.GetByRole(AriaRole.Dialog).WaitForAsync();
        await Page.Keyboard.PressAsync("Escape");

        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true })).ToBeFocusedAsync();
    }

    [Test]
    public async Task CtrlK_OpensAPalette_ThatGoesToACollection_AndRunsAnActionOnTheSelection()
    {
        var pending = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == "pending").OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        await LoginAsync();

        await Page.Keyboard.PressAsync("Control+K");
        var palette = Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to or run" });
        await Expect(palette.GetByRole(AriaRole.Combobox, new() { Name = "Command" })).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("custo");
        await Expect(palette.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Go to Customers"]);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Level = 1 })).ToBeVisibleAsync();

        await OpenRecordAsync("companies", pending);
        await Page.Keyboard.PressAsync("Control+K");
        await Page.Keyboard.TypeAsync("mark live");
        await Expect(palette.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Run Mark as Live on 1 selected"]);
        await Page.Keyboard.PressAsync("Enter");
        var form = Page.GetByRole(AriaRole.Dialog, new() { Name = "Mark as Live" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Run Mark as Live" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync("live");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == pending).Select(c => c.Status).SingleAsync()), Is.EqualTo("live"));
    }

    [Test]
    public async Task UnsavedPermissions_AreSaidSo_AndLeavingAsksFirst()
    {
        var asked = new List<string>();
        var accept = false;
        Page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/roles");
        var trigger = Page.GetByRole(AriaRole.Combobox, new() { Name = "Mark as Live trigger" });

        await trigger.SelectOptionAsync("approval");
        await Expect(Page.GetByText("Unsaved changes.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/settings/roles$"));
        await Expect(trigger).ToHaveValueAsync("approval");

        accept = true;
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Companies" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Companies", Level = 1 })).ToBeVisibleAsync();
        Assert.That(asked, Has.Count.EqualTo(2).And.All.Contain("unsaved changes"));
    }
}
