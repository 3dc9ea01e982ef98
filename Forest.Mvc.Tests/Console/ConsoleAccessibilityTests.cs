using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// axe-core (WCAG 2.1 A and AA rules) on every main screen of the console, at a desktop and a phone width, as an
/// administrator: no violation. The engine is embedded in the Deque.AxeCore package (nothing is fetched).
/// </summary>
[TestFixture]
public sealed class ConsoleAccessibilityTests : BrowserFixture
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
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

    [TestCase(1440, 900)]
    [TestCase(390, 844)]
    public async Task EveryMainScreen_HasNoWcag21AAViolation(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        var violations = new List<string>();
        await Page.GotoAsync(BaseUrl + "/forest-admin/");
        await Page.GetByLabel("Email").WaitForAsync();
        violations.AddRange(Describe("login", await Page.RunAxe(Wcag21AA)));

        await LoginAsync();
        foreach (var (route, ready) in Screens)
        {
            await Page.GotoAsync($"{BaseUrl}/forest-admin/{route}");
            await Page.Locator($"#main :is({ready})").First.WaitForAsync();
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            violations.AddRange(Describe(route, await Page.RunAxe(Wcag21AA)));
        }

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

        // A background job's toast, once finished.
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 1", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Recompute risk scores" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run Recompute risk scores" }).ClickAsync();
        await Page.Locator(".job-toast, .toast").Filter(new() { HasText = "succeeded" }).First.WaitForAsync(new() { Timeout = 30_000 });
        violations.AddRange(Describe("finished job toast", await Page.RunAxe(Wcag21AA)));

        Assert.That(violations, Is.Empty, $"at {width}×{height}");
    }

    private static IEnumerable<string> Describe(string screen, AxeResult result) =>
        result.Violations.Select(v => $"{screen}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}");
}
