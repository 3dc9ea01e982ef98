using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

[TestFixture]
public sealed class ConsoleSmokeTests : BrowserFixture
{
    [Test]
    public async Task Login_ShowsTheCollections()
    {
        await LoginAsync();

        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Companies" })).ToBeVisibleAsync();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/console.png", FullPage = true });
    }
}
