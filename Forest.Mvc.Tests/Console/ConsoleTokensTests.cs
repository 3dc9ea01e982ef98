using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// The "AI agents and tokens" screen in a real browser: a personal access token is created (shown once, with a
/// client configuration), used by the official MCP client, listed with its last use, and revoked; the activity
/// log filters the agent's calls.
/// </summary>
[TestFixture]
public sealed class ConsoleTokensTests : BrowserFixture
{
    private Task<McpClient> ConnectAsync(string token) => McpFixture.ConnectAsync(BaseUrl, token);

    [Test]
    public async Task ATokenCreatedInTheConsole_ConnectsAnAgent_ThenIsRevoked()
    {
        await LoginAsync("support");
        await Page.GetByRole(AriaRole.Link, new() { Name = "AI agents and tokens" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "AI agents", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.Locator("#agents-config")).ToContainTextAsync(BaseUrl + "/forest/mcp");

        await Page.GetByLabel("Name").FillAsync("Browser-made agent");
        await Page.GetByLabel("Expires").SelectOptionAsync("30 days");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        var token = await dialog.GetByLabel("Token").InputValueAsync();
        await Expect(dialog.Locator("pre")).ToContainTextAsync($"Bearer {token}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        List<string> tools;
        await using (var agent = await ConnectAsync(token))
        {
            tools = [.. (await agent.ListToolsAsync()).Select(t => t.Name)];
        }

        await Page.ReloadAsync();
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Browser-made agent" });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(4)).Not.ToHaveTextAsync("—");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Browser-made agent" }).ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke Browser-made agent?" });
        await Expect(confirm).ToContainTextAsync("lose their access at once");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(row).ToContainTextAsync("active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Browser-made agent" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke token" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");

        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("fpat_"));
            Assert.That(tools, Does.Contain("companies__mark-as-live"));
        });
        Assert.That(async () => await ConnectAsync(token), Throws.Exception, "the revoked token connects no more");
    }
}
