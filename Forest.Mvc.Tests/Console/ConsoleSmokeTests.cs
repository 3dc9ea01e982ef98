using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>The first screen after login: every collection, then collaboration and administration.</summary>
[TestFixture]
public sealed class ConsoleSmokeTests : BrowserFixture
{
    [Test]
    public async Task Login_ShowsTheCollections()
    {
        await LoginAsync();

        var navigation = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(navigation.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Charges", "Companies", "Customers", "Transactions", "Users", "Approvals", "Jobs", "AI agents and tokens", "Activity log", "Settings"]);
    }
}
