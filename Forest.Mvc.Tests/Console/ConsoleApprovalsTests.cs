using System.Text.RegularExpressions;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>Approvals, the activity log and the settings, clicked by the users whose role allows them.</summary>
[TestFixture]
public sealed class ConsoleApprovalsTests : BrowserFixture
{
    private async Task RequestSuspendAsync(int company)
    {
        await LoginAsync("manager");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/{company}");
        await ChooseActionAsync("Suspend");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Request approval" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Approval requested");
        await LogoutAsync();
    }

    [Test]
    public async Task Admin_ReviewsAndApproves_SeeingTheActionsResult()
    {
        await RequestSuspendAsync(14);
        await LoginAsync("admin");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex(@"^To review \(\d+\)$") })).ToHaveAttributeAsync("aria-selected", "true");
        await ApprovalRow("Suspend", "14").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        var details = Page.GetByRole(AriaRole.Dialog, new() { Name = "Suspend on companies" });
        await Expect(details).ToContainTextAsync("Manon Manager");
        await Expect(details.Locator("dt:text-is('Records') + dd")).ToHaveTextAsync(await RecordNameAsync("companies", 14));
        await details.GetByLabel("Message (optional)").FillAsync("Go ahead");
        await details.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync("1 company suspended.");
        var history = Page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex(@"^History \(\d+\)$") });
        await Expect(history).ToBeVisibleAsync();
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 14).Select(c => c.Status).SingleAsync()), Is.EqualTo("suspended"));

        await history.ClickAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Export history (CSV)" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("approvals-history.csv"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.That(csv, Does.Contain(",approved,companies,Suspend,14,"));
    }

    [Test]
    public async Task Requester_SeesTheRequest_AndTheRejection()
    {
        await RequestSuspendAsync(15);
        await LoginAsync("admin");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/approvals/to-review");
        await ApprovalRow("Suspend", "15").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByLabel("Message (optional)").FillAsync("Not this one");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Request rejected.");
        await LogoutAsync();

        await LoginAsync("manager");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/approvals/requested");
        var row = ApprovalRow("Suspend", "15");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status")).ToHaveTextAsync("rejected");
        await row.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Not this one");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 15).Select(c => c.Status).SingleAsync()), Is.Not.EqualTo("suspended"));
    }

    [Test]
    public async Task ActivityLog_ListsAndFilters()
    {
        await LoginAsync("support");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/16");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Activity log" })).ToHaveCountAsync(0);
        await LogoutAsync();

        await LoginAsync("admin");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Activity log" }).ClickAsync();
        await Page.GetByLabel("Kind").SelectOptionAsync("approval_request");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        await Expect(Page.GetByText(new Regex(@"^\d+ entries\.$"))).ToBeVisibleAsync();
        var rows = Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row);
        for (var i = 1; i < await rows.CountAsync(); i++)
        {
            await Expect(rows.Nth(i)).ToContainTextAsync("approval_request");
        }
    }

    [Test]
    public async Task ActivityLog_SecurityFilter_ListsFailedLogins()
    {
        await Page.GotoAsync(BaseUrl + "/");
        await Page.GetByLabel("Email").FillAsync("viewer@forest.demo");
        await Page.GetByLabel("Password").FillAsync("not the password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "wrong" })).ToBeVisibleAsync();

        await LoginAsync("admin");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Activity log" }).ClickAsync();
        await Page.GetByLabel("Kind").SelectOptionAsync("security");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        var row = Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = "viewer@forest.demo", Exact = true }) });
        await Expect(row.First).ToContainTextAsync("login_failed");
        await Expect(row.First).ToContainTextAsync("POST /forest/authentication");
    }

    [Test]
    public async Task Settings_HideAnAction_AndGrantARoleAnother()
    {
        await LoginAsync("admin");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Page.GetByLabel("Notify CRM visible").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save Notify CRM" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Saved the settings of Notify CRM.");

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Roles and permissions" }).ClickAsync();
        await Page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Support" });

        // The matrix is drawn again for the chosen role: edit it once it is Support's, not the previous role's.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save permissions of Support" })).ToBeVisibleAsync();
        await Page.GetByLabel("Return and track trigger", new() { Exact = true }).SelectOptionAsync("trigger");
        await Page.GetByLabel("Export Companies", new() { Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save permissions of Support" }).ClickAsync();
        await Expect(Page.Locator("#toasts")).ToContainTextAsync("Saved the permissions of Support.");
        var support = await Factory.WithStoreAsync(store => store.Roles.Where(r => r.Name == "Support")
            .Select(r => store.ExportPermissions.Where(e => e.RoleId == r.Id).Select(e => e.Collection).ToList()).SingleAsync());
        Assert.That(support, Is.EqualTo(new[] { "companies" }));

        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/17");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Menuitem, new() { Name = "Notify CRM" })).ToHaveCountAsync(0);
        await LogoutAsync();

        await LoginAsync("support");
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/17");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Mark as Live", "Return and track"]);
    }

    [Test]
    public async Task Settings_AreNotForOtherRoles()
    {
        await LoginAsync("manager");

        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/settings/roles");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToHaveCountAsync(0);
    }
}
