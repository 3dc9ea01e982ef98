using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Every example of the reference page, triggered over HTTP on the Live Demo, checked in the database.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class LiveDemoActionsTests(string provider) : LiveDemoFixture(provider)
{

    private Task<T> Db<T>(Func<LiveDemoContext, Task<T>> work) => Factory.WithDbAsync(work);

    private async Task<int> CompanyWithStatusAsync(string status, int skip = 0) =>
        await Db(db => db.Companies.Where(c => c.Status == status).OrderBy(c => c.Id).Skip(skip).Select(c => c.Id).FirstAsync());

    [Test]
    public async Task MarkAsLive_SetsStatusAndAnswersCustomSuccess_WhenCompanyIsPending()
    {
        var id = await CompanyWithStatusAsync(CompanyStatus.Pending);

        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", [id.ToString()]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"Company is now live!\"}"));
        Assert.That(await Db(db => db.Companies.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()), Is.EqualTo(CompanyStatus.Live));
    }

    [Test]
    public async Task MarkAsLive_AnswersErrorNotification_WhenCompanyIsAlreadyLive()
    {
        var id = await CompanyWithStatusAsync(CompanyStatus.Live);

        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", [id.ToString()]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"error\":\"The company was already live!\"}"));
    }

    [Test]
    public async Task Suspend_SuspendsEverySelectedCompany_AndNoOther()
    {
        var ids = await Db(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderByDescending(c => c.Id).Take(3).Select(c => c.Id).ToListAsync());
        var untouched = await Db(db => db.Companies.CountAsync(c => c.Status != CompanyStatus.Suspended));

        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", ids.Select(i => i.ToString())));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"success\":\"3 companies suspended.\"}"));
        var statuses = await Db(db => db.Companies.Where(c => ids.Contains(c.Id)).Select(c => c.Status).ToListAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Is.All.EqualTo(CompanyStatus.Suspended));
            Assert.That(await Db(db => db.Companies.CountAsync(c => c.Status != CompanyStatus.Suspended)), Is.EqualTo(untouched - 3));
        });
    }

    [Test]
    public async Task ValidateTransactions_AnswersNoContent_ForTheDefaultNotification()
    {
        var id = await Db(db => db.Transactions.Where(t => t.Status == "to_validate").Select(t => t.Id).FirstAsync());

        var response = await Api.TriggerAsync("validate", ForestApi.Body("transactions", [id.ToString()]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(await Db(db => db.Transactions.Where(t => t.Id == id).Select(t => t.Status).SingleAsync()), Is.EqualTo("validated"));
    }

    [Test]
    public async Task ChargeCreditCard_AnswersHtmlPanel_AndRecordsTheCharge()
    {
        var customer = await Db(db => db.Customers.FirstAsync(c => !c.CardBlocked));
        var before = await Db(db => db.Charges.CountAsync(c => c.CustomerId == customer.Id));

        var response = await Api.TriggerAsync("charge-credit-card", ForestApi.Body("customers", [customer.Id.ToString()],
            new JsonObject { ["amount"] = 42.5, ["description"] = "Manual charge" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = (await ForestApi.JsonAsync(response))["html"]!.GetValue<string>();
        Assert.Multiple(async () =>
        {
            Assert.That(html, Does.Contain("$42.50 USD has been successfully charged."));
            Assert.That(html, Does.Contain("**** **** **** " + customer.CardLast4));
            Assert.That(await Db(db => db.Charges.CountAsync(c => c.CustomerId == customer.Id)), Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task ChargeCreditCard_AnswersHtmlError_WhenTheCardIsBlocked()
    {
        var customer = await Db(db => db.Customers.FirstAsync(c => c.CardBlocked));

        var response = await Api.TriggerAsync("charge-credit-card", ForestApi.Body("customers", [customer.Id.ToString()],
            new JsonObject { ["amount"] = 10, ["description"] = "Manual charge" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var body = await ForestApi.JsonAsync(response);
        Assert.That(body["html"]!.GetValue<string>(), Does.Contain("The card is marked as blocked"));
        Assert.That(await Db(db => db.Charges.CountAsync(c => c.CustomerId == customer.Id)), Is.Zero);
    }

    [Test]
    public async Task GenerateInvoice_DownloadsARealPdf_WithItsFileNameExposed()
    {
        var response = await Api.TriggerAsync("generate-invoice", ForestApi.Body("customers", ["3"]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(response.Content.Headers.ContentDisposition!.ToString(), Is.EqualTo("attachment; filename=\"invoice-3.pdf\""));
            Assert.That(response.Headers.GetValues("Access-Control-Expose-Headers"), Has.Some.Contains("Content-Disposition"));
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 8), Is.EqualTo("%PDF-1.4"));
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes), Does.EndWith("%%EOF\n"));
        });
    }

    [Test]
    public async Task AddNewTransaction_CreatesIt_AndRefreshesEmittedTransactions()
    {
        var before = await Db(db => db.Transactions.CountAsync(t => t.EmitterCompanyId == 5 && t.BeneficiaryCompanyId == 7));

        var response = await Api.TriggerAsync("add-new-transaction", ForestApi.Body("companies", ["5"],
            new JsonObject { ["Beneficiary company"] = "7", ["Amount"] = 250 }));

        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("{\"success\":\"New transaction emitted\",\"refresh\":{\"relationships\":[\"emitted_transactions\"]}}"));
        var created = await Db(db => db.Transactions.Where(t => t.EmitterCompanyId == 5 && t.BeneficiaryCompanyId == 7).OrderBy(t => t.Id).LastAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(await Db(db => db.Transactions.CountAsync(t => t.EmitterCompanyId == 5 && t.BeneficiaryCompanyId == 7)), Is.EqualTo(before + 1));
            Assert.That(created.Amount, Is.EqualTo(250));
            Assert.That(created.Note, Does.Contain("Ada Admin"), "the action sees the user of the token");
        });
    }

    [Test]
    public async Task ReturnAndTrack_AnswersExternalRedirect()
    {
        var response = await Api.TriggerAsync("return-and-track", ForestApi.Body("companies", ["1"]));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            "{\"success\":\"Return initiated successfully.\",\"redirectTo\":\"https://www.royalmail.com/portal/rm/track?trackNumber=ZW924750388GB\"}"));
    }

    [Test]
    public async Task ShowSomeActivity_AnswersInternalRedirect()
    {
        var response = await Api.TriggerAsync("show-some-activity", ForestApi.Body("companies", ["12"]));

        var body = await ForestApi.JsonAsync(response);
        Assert.That(body["redirectTo"]!.GetValue<string>(), Is.EqualTo("/companies/12/emitted_transactions"));
        Assert.That(body["success"]!.GetValue<string>(), Is.EqualTo("Navigated to the activity view."));
    }

    [Test]
    public async Task NotifyCrm_AnswersAWebhookForTheBrowser()
    {
        var response = await Api.TriggerAsync("notify-crm", ForestApi.Body("companies", ["2", "1"]));

        var webhook = (await ForestApi.JsonAsync(response))["webhook"]!;
        Assert.Multiple(() =>
        {
            Assert.That(webhook["url"]!.GetValue<string>(), Does.EndWith("/demo/webhook-inbox").And.StartWith("http"));
            Assert.That(webhook["method"]!.GetValue<string>(), Is.EqualTo("POST"));
            Assert.That(webhook["headers"]!["X-Demo-Source"]!.GetValue<string>(), Is.EqualTo("forest-mvc"));
            Assert.That(webhook["body"]!["companyIds"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "1", "2" }));
        });
    }

    [Test]
    public async Task SendPendingReminders_IsGlobal_AndIgnoresIds()
    {
        var pending = await Db(db => db.Companies.CountAsync(c => c.Status == CompanyStatus.Pending));

        var response = await Api.TriggerAsync("send-pending-reminders", ForestApi.Body("companies", ["1"]));

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Is.EqualTo($"Reminders sent to {pending} pending companies."));
    }

    [Test]
    public async Task ResetPassword_FromACompanysUsers_OnlyTouchesThatCompany()
    {
        var body = ForestApi.Body("users", [], more: a =>
        {
            a["parent_collection_name"] = "companies";
            a["parent_collection_id"] = "4";
            a["parent_association_name"] = "users";
            a["all_records"] = true;
            a["smart_action_id"] = "users-reset-password";
        });
        var companyUsers = await Db(db => db.Users.CountAsync(u => u.CompanyId == 4));

        var response = await Api.TriggerAsync("reset-password", body);

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Is.EqualTo($"Password reset requested for {companyUsers} users."));
        Assert.Multiple(async () =>
        {
            Assert.That(await Db(db => db.Users.CountAsync(u => u.PasswordResetRequestedAt != null && u.CompanyId == 4)), Is.EqualTo(companyUsers));
            Assert.That(await Db(db => db.Users.CountAsync(u => u.PasswordResetRequestedAt != null && u.CompanyId != 4)), Is.Zero);
        });
    }

    [Test]
    public async Task ResetPassword_RefusesUserIdsOfAnotherCompany_AndChangesNothing()
    {
        var stranger = await Db(db => db.Users.Where(u => u.CompanyId == 9).Select(u => u.Id).FirstAsync());
        var body = ForestApi.Body("users", [stranger.ToString()], more: a =>
        {
            a["parent_collection_name"] = "companies";
            a["parent_collection_id"] = "8";
            a["parent_association_name"] = "users";
        });

        var response = await Api.TriggerAsync("reset-password", body);

        var error = await ForestApi.ErrorAsync(response);
        Assert.That(error.Status, Is.EqualTo(404));
        Assert.That(error.Detail, Does.Contain(stranger.ToString()).And.Contain("'users' of companies 8"));
        Assert.That(await Db(db => db.Users.Where(u => u.Id == stranger).Select(u => u.PasswordResetRequestedAt).SingleAsync()), Is.Null);
    }
}
