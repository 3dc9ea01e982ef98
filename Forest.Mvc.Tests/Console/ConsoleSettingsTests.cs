using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>The settings' conditions: written with a small builder (field, operator, value), the JSON still at hand.</summary>
[TestFixture]
public sealed class ConsoleSettingsTests : BrowserFixture
{
    [Test]
    public async Task AnEnableCondition_IsBuiltFromFieldOperatorAndValue_AndSavedAsItsConditionTree()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/actions");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = "Companies › Mark as Live" }) });

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Mark as Live enable condition" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Mark as Live enable condition" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add a condition" }).ClickAsync();
        await dialog.GetByLabel("Field").SelectOptionAsync("industry");
        await dialog.GetByLabel("Operator").SelectOptionAsync("not_equal");
        await dialog.GetByLabel("Value").FillAsync("Energy");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Edit as JSON" }).ClickAsync();
        await Expect(dialog.GetByLabel("Mark as Live enable condition as JSON")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"operator\": \"not_equal\""));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Edit with the builder" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Industry not equal Energy");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save Mark as Live" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Saved the settings of Mark as Live.");

        var saved = await Page.EvaluateAsync<string>("async () => JSON.stringify(await (await fetch('/forest/management/settings', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('forest.token') } })).json())");
        var setting = JsonNode.Parse(saved)!.AsArray().Single(s => s!["action"]!.GetValue<string>() == "Mark as Live")!;
        Assert.That(setting["enableCondition"]!.ToJsonString(), Is.EqualTo("""{"field":"industry","operator":"not_equal","value":"Energy"}"""));
    }

    [Test]
    public async Task Scopes_AreRowsWithTheirFilterAsASentence_AndANewOneIsBuiltAndSaved()
    {
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/scopes");
        await Expect(Page.Locator("#main table")).ToContainTextAsync("Headquarter equal {{currentUser.tags.city}}");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add a scope" }).ClickAsync();
        var row = Page.Locator("#main tbody tr").Last;
        await row.GetByLabel("Collection").SelectOptionAsync("customers");
        await row.GetByLabel("Role").SelectOptionAsync("Viewer");
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Scope filter" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Scope filter" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add a condition" }).ClickAsync();
        await dialog.GetByLabel("Field").SelectOptionAsync("card_country");
        await dialog.GetByLabel("Value").FillAsync("FR");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save scopes" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Saved the scopes.");

        var saved = await Page.EvaluateAsync<string>("async () => JSON.stringify(await (await fetch('/forest/management/scopes', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('forest.token') } })).json())");
        var scopes = JsonNode.Parse(saved)!.AsArray();
        Assert.That(scopes.Select(s => s!["collection"]!.GetValue<string>()), Is.EquivalentTo(new[] { "companies", "transactions", "customers" }), "the others kept");
        var added = scopes.Single(s => s!["collection"]!.GetValue<string>() == "customers")!;
        Assert.That((added["role"]!.GetValue<string>(), added["filter"]!.ToJsonString()), Is.EqualTo(("Viewer", """{"field":"card_country","operator":"equal","value":"FR"}""")));
    }
}
