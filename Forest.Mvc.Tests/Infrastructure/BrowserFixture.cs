using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// The Live Demo on Kestrel (127.0.0.1, a free port) and Debian's chromium driven by Playwright: one server per
/// fixture, one browser for the run, a fresh browser context (so a fresh session) per test.
/// </summary>
public abstract class BrowserFixture
{
    /// <summary>
    /// Debian's chromium in its headless build (package <c>chromium-headless-shell</c>, the same engine and version as
    /// <c>chromium</c>, and what Playwright itself runs for headless tests): it needs under half the CPU of the full
    /// browser in headless mode, and the console fixtures run side by side on two cores. The full browser is the
    /// fallback where only <c>chromium</c> is installed.
    /// </summary>
    public static readonly string ChromiumPath = File.Exists(HeadlessShell) ? HeadlessShell : "/usr/bin/chromium";

    private const string HeadlessShell = "/usr/lib/chromium/chromium-headless-shell";

    private IBrowser _browser = null!;

    protected LiveDemoFactory Factory { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected virtual (string Key, string? Value)[] Settings => [];

    [OneTimeSetUp]
    public async Task StartBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"{ChromiumPath} is missing: .ci/run installs Debian's chromium-headless-shell package.");
            }

            Assert.Ignore($"{ChromiumPath} is missing: install Debian's chromium-headless-shell (or chromium) package to run the console tests.");
        }

        Factory = new LiveDemoFactory(Settings);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _browser = await SharedChromium.Value;
    }

    [OneTimeTearDown]
    public void StopServer() => Factory?.Dispose();

    /// <summary>One chromium for every browser fixture of the run: each test has a browser context of its own.</summary>
    private static readonly Lazy<Task<IBrowser>> SharedChromium = new(LaunchAsync);

    private static IPlaywright? _playwright;

    private static async Task<IBrowser> LaunchAsync()
    {
        // Fixtures run side by side: what a page waits for (a job's first progress, a list after a sort) may take
        // longer than Playwright's 5 s default on a busy machine. A passing expectation returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>Closes the shared chromium, at the end of the run.</summary>
    internal static async Task CloseChromiumAsync()
    {
        if (SharedChromium.IsValueCreated && SharedChromium.Value.IsCompletedSuccessfully)
        {
            await SharedChromium.Value.Result.CloseAsync();
        }

        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        Context = await _browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        Context.SetDefaultTimeout(15_000);
        Page = await Context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }

        await Context.CloseAsync();
    }

    /// <summary>
    /// Matches <paramref name="text"/> only where it is not part of a longer number: "15 records." does not match
    /// "115 records.", and "15" does not match a time such as "10:15:02". Use it for every text that holds an id, a
    /// count or an amount, since dates and other rows left by earlier tests may contain the same digits.
    /// </summary>
    protected static Regex Standalone(string text) => new($@"(?<![\d:.,/-]){Regex.Escape(text)}(?![\d:/-])");

    /// <summary>The row of the approvals table whose "Details" button is exactly the one of this request.</summary>
    protected ILocator ApprovalRow(string action, string records) =>
        Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = $"Details of {action} request on {records}", Exact = true }) });

    /// <summary>Opens the console at / and logs in through the login screen.</summary>
    /// <summary>Logs out and waits for the login form, so that the next navigation does not race the logout's own.</summary>
    /// <summary>
    /// How the console names a record of the Live Demo: its reference field (companies' name, customers' and users'
    /// email, transactions' reference, charges' description).
    /// </summary>
    protected Task<string> RecordNameAsync(string collection, object id) => Factory.WithDbAsync(async db => collection switch
    {
        "companies" => (await db.Companies.FindAsync(Convert.ToInt32(id, System.Globalization.CultureInfo.InvariantCulture)))!.Name,
        "customers" => (await db.Customers.FindAsync(Convert.ToInt32(id, System.Globalization.CultureInfo.InvariantCulture)))!.Email,
        "transactions" => (await db.Transactions.FindAsync(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)))!.Reference,
        "charges" => (await db.Charges.FindAsync(id.ToString()))!.Description,
        "users" => (await db.Users.FindAsync(Guid.Parse(id.ToString()!)))!.Email,
        _ => throw new ArgumentException($"No name for {collection}.", nameof(collection)),
    });

    /// <summary>Opens a record's page and waits for its title, the record's name.</summary>
    protected async Task OpenRecordAsync(string collection, object id)
    {
        var name = await RecordNameAsync(collection, id);
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/{collection}/{id}");
        await Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 }).WaitForAsync();
    }

    /// <summary>Opens the page's first Actions menu (the record's, before a related-data tab's) and chooses <paramref name="name"/>.</summary>
    protected async Task ChooseActionAsync(string name)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).First.ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = name }).ClickAsync();
    }

    protected async Task LogoutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Page.GetByLabel("Email").WaitForAsync();
    }

    protected async Task LoginAsync(string user = "admin")
    {
        await Page.GotoAsync(BaseUrl + "/");
        await Page.GetByLabel("Email").FillAsync($"{user}@forest.demo");
        await Page.GetByLabel("Password").FillAsync("livedemo");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).WaitForAsync();
    }
}
