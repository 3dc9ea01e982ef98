using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// axe-core (WCAG 2.1 A and AA rules) on every main screen of the console, at a desktop and a phone width, as an
/// administrator, the phone in the dark colour scheme: no violation. The engine is the one bundled in the
/// Deque.AxeCore.Commons package (nothing is fetched), put in the page once and run there.
/// </summary>
[TestFixture(1440, 900, 0)]
[TestFixture(1440, 900, 1)]
[TestFixture(390, 844, 0)]
[TestFixture(390, 844, 1)]
public sealed class ConsoleAccessibilityTests(int width, int height, int half) : BrowserFixture
{
    /// <summary>The engine's source, bundled in the package.</summary>
    private static readonly string AxeSource = new BundledAxeScriptProvider().GetScript();

    /// <summary>Runs axe-core on the page as it is (WCAG 2.1 A and AA rules; only the violations are listed).</summary>
    private async Task<IEnumerable<string>> AxeAsync(string screen)
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await Page.EvaluateAsync(AxeSource);
        }

        var violations = await Page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }))
              .violations.map(v => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`))
            """);
        return JsonNode.Parse(violations)!.AsArray().Select(v => $"{screen}: {v!.GetValue<string>()}");
    }

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
            violations.AddRange(await AxeAsync("login"));
        }

        await LoginAsync();
        foreach (var (route, ready) in Screens.Where((_, index) => index % 2 == half))
        {
            await Page.GotoAsync($"{BaseUrl}/forest-admin/{route}");
            await Page.Locator($"#main :is({ready})").First.WaitForAsync();
            await Page.Locator("#main [aria-busy=true]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            violations.AddRange(await AxeAsync(route));
        }

        if (half == 1)
        {
            await CheckPopupsAsync(violations);
        }
        else
        {
            // The check itself is live: an input without a label is found.
            await Page.EvaluateAsync("() => document.getElementById('main').append(Object.assign(document.createElement('input'), { id: 'unlabelled' }))");
            Assert.That(await AxeAsync("self-check"), Has.Some.Contains("label").And.Some.Contains("#unlabelled"));
            await Page.EvaluateAsync("() => document.getElementById('unlabelled').remove()");
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
        violations.AddRange(await AxeAsync("actions menu"));
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Charge credit card" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).WaitForAsync();
        violations.AddRange(await AxeAsync("action form"));

        await Page.Keyboard.PressAsync("Escape");
        if (width < 720)
        {
            return; // a toast's colours do not depend on the width: checked once, at the desktop width
        }

        // A background job's toast, once finished.
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies");
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select record 1", Exact = true }).CheckAsync();
        await ChooseActionAsync("Recompute risk scores");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run Recompute risk scores" }).ClickAsync();
        await Page.Locator(".job-toast, .toast").Filter(new() { HasText = "succeeded" }).First.WaitForAsync(new() { Timeout = 30_000 });
        violations.AddRange(await AxeAsync("finished job toast"));
    }

}
