using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SampleApp.Data;
using static Microsoft.Playwright.Assertions;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// Dynamic forms in the browser: a multi-page form (step indicator, Next checks the page, Back keeps the values, rows
/// and HTML blocks), and a dropdown searched on the server as the user types.
/// </summary>
[TestFixture]
public sealed class ConsoleFormLayoutTests : BrowserFixture
{
    private ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    private ILocator Step(int number) => Dialog.GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"Step {number} of 3" });

    [Test]
    public async Task OnboardCompany_GoesThroughThreePages_CheckingEachOne_AndRuns()
    {
        var company = await Factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderBy(c => c.Id).FirstAsync());
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/{company.Id}");
        await ChooseActionAsync("Onboard company");

        // Page 1: an HTML block and a row of two prefilled fields, side by side.
        await Expect(Step(1)).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Dialog.GetByRole(AriaRole.Heading, new() { Name = "The company" })).ToBeVisibleAsync();
        await Expect(Dialog.GetByLabel("Industry")).ToHaveValueAsync(company.Industry);
        var industryBox = await Dialog.GetByLabel("Industry").BoundingBoxAsync();
        var headquarterBox = await Dialog.GetByLabel("Headquarter").BoundingBoxAsync();
        Assert.That(Math.Abs(industryBox!.Y - headquarterBox!.Y), Is.LessThan(2), "a row puts its fields side by side");
        await Expect(Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToBeHiddenAsync();

        await Dialog.GetByLabel("Industry").FillAsync("");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Contact" }).ClickAsync();
        await Expect(Dialog.GetByText("This field is required.")).ToBeVisibleAsync();
        await Expect(Step(1)).ToHaveAttributeAsync("aria-current", "step");
        await Dialog.GetByLabel("Industry").FillAsync("Logistics");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Contact" }).ClickAsync();

        // Page 2, then back to page 1 and forth: values are kept.
        await Expect(Step(2)).ToHaveAttributeAsync("aria-current", "step");
        await Dialog.GetByLabel("Contact name").FillAsync("Grace Hopper");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Company" }).ClickAsync();
        await Expect(Dialog.GetByLabel("Industry")).ToHaveValueAsync("Logistics");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Contact" }).ClickAsync();
        await Expect(Dialog.GetByLabel("Contact name")).ToHaveValueAsync("Grace Hopper");
        await Dialog.GetByLabel("Contact email").FillAsync("grace@example.com");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();

        // Page 3: submit.
        await Expect(Step(3)).ToHaveAttributeAsync("aria-current", "step");
        await Dialog.GetByLabel("Welcome call").CheckAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync($"{company.Name} is onboarded; Grace Hopper is the contact.");
        var saved = await Factory.WithDbAsync(db => db.Companies.SingleAsync(c => c.Id == company.Id));
        Assert.Multiple(() =>
        {
            Assert.That(saved.Industry, Is.EqualTo("Logistics"));
            Assert.That(saved.Description, Is.EqualTo("Onboarding contact: Grace Hopper <grace@example.com>; welcome call planned."));
        });
    }

    [Test]
    public async Task AccountManager_IsSearchedAmongTheUsers_AsOneTypes()
    {
        var user = await Factory.WithDbAsync(db => db.Users.OrderByDescending(u => u.Email).FirstAsync());
        await LoginAsync();
        await Page.GotoAsync($"{BaseUrl}/forest-admin/#/c/companies/4");
        await ChooseActionAsync("Assign account manager");

        var box = Dialog.GetByRole(AriaRole.Combobox, new() { Name = "Account manager" });
        await box.FillAsync(user.Email);
        var option = Dialog.GetByRole(AriaRole.Option, new() { Name = $"{user.FirstName} {user.LastName} <{user.Email}>" });
        await Expect(option).ToBeVisibleAsync();
        await Expect(Dialog.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await option.ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(Page.Locator("#toasts")).ToContainTextAsync($"{user.FirstName} {user.LastName} now manages");
        Assert.That(await Factory.WithDbAsync(db => db.Companies.Where(c => c.Id == 4).Select(c => c.Description).SingleAsync()), Does.Contain(user.Email));
    }
}
