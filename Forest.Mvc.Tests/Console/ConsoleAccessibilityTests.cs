using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// axe-core (WCAG 2.1 A and AA rules) on every main screen of the console, at a desktop and a phone width, as an
/// administrator, the phone in the dark colour scheme: no violation. The engine is embedded in the Deque.AxeCore package (nothing is fetched).
/// </summary>
[TestFixture(1440, 900, 0)]
[TestFixture(1440, 900, 1)]
[TestFixture(390, 844, 0)]
[TestFixture(390, 844, 1)]
public sealed class ConsoleAccessibilityTests(int width, int height, int half) : BrowserFixture
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },

        // Only the violations are listed in full (the passes' nodes would be most of the work and of the answer).
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>The screens, by their route, and what shows that each has loaded.</summary>
    private static readonly (string Route, string Ready)[] Screens =
    [
        ("#/c/companies", "table"),
        ("#/c/companies/7", "dl.details"),
        ("#/c/transactions", "table"),
        ("#/approvals/to-review", "[role=tablist]"),
        ("#/approvals/history", "[role=tablist]"),
        ("#/jobs", "h1"),
        ("#/tokens", "h1"),
        ("#/activity", "table"),
        ("#/settings/actions", "[role=tabpanel], table"),
        ("#/settings/roles", "[role=tabpanel], table"),
        ("#/settings/users", "[role=tabpanel], table"),
        ("#/settings/scopes", "[role=tabpanel], h2"),
    ];

    /// <summary>
    /// The screens, then the popups: each fixture (a width and a half of the screens, four in parallel, each with its
    /// own server) checks its part, so that the whole check is not one long chain.
    /// </summary>
    [Test]
    public async Task EveryMainScreen_HasNoWcag21AAViolation()
    {
        await Page.SetViewportSizeAsync(width, height);

        // The phone is checked in the dark scheme (prefers-color-scheme), the desktop in the light one: both palettes pass.
        await Page.EmulateMediaAsync(new() { ColorScheme = width < 720 ? ColorScheme.Dark : ColorScheme.Light });
        var violations = new List<string>();
        if (half == 0)
        {
            await Page.GotoAsync(BaseUrl + "/forest-admin/");
            await Page.GetByLabel("Email").WaitForAsync();
            violations.AddRange(Describe("login", await Page.RunAxe(Wcag21AA)));
        }

        await LoginAsync();
        foreach (var (route, ready) in Screens.Where((_, index) => index % 2 == half))
        {
            await Page.GotoAsync($"{BaseUrl}/forest-admin/{route}");
            await Page.Locator($"#main :is({ready})").First.WaitForAsync();
            await Page.Locator("#main [aria-busy=true]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            violations.AddRange(Describe(route, await Page.RunAxe(Wcag21AA)));
        }

        if (half == 1)
        {
            await CheckPopupsAsync(violations);
        }

        Assert.That(violations, Is.Empty, $"at {width}×{height}");
    }

    private async Task CheckPopupsAsync(List<string> violations)
    {
        // An action's form, and the actions menu open.
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/customers/1");
        await Page.Locator("#main dl.details").WaitForAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem).First.WaitForAsync();
        violations.AddRange(Describe("actions menu", await Page.RunAxe(Wcag21AA)));
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Charge credit card" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).WaitForAsync();
        violations.AddRange(Describe("action form", await Page.RunAxe(Wcag21AA)));

        await Page.Keyboard.PressAsync("Escape");
        if (width < 720)
        {
            return; // a toast's colours do not depend on the width: checked once, at the desktop width
        }

        // A background job's toast, once finished.
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 1", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Recompute risk scores" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run Recompute risk scores" }).ClickAsync();
        await Page.Locator(".job-toast, .toast").Filter(new() { HasText = "succeeded" }).First.WaitForAsync(new() { Timeout = 30_000 });
        violations.AddRange(Describe("finished job toast", await Page.RunAxe(Wcag21AA)));
    }

    private static IEnumerable<string> Describe(string screen, AxeResult result) =>
        result.Violations.Select(v => $"{screen}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}");
}
