using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Typed form classes through HTTP: every field type bound, every kind of wrong value refused by field.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class TypedFormsTests(string provider) : LiveDemoFixture(provider)
{
    private static readonly string NextMonth = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");

    private static string DataUri(string content, string name = "notes.txt", string type = "text/plain") =>
        $"data:{type};name={Uri.EscapeDataString(name)};base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(content))}";

    private static JsonObject ValidAudit() => new()
    {
        ["Auditor"] = "Grace Hopper",
        ["Audit date"] = NextMonth,
        ["Start time"] = "09:30",
        ["Report deadline"] = "2030-01-31T17:00:00.000Z",
        ["On site"] = false,
        ["Scope"] = new JsonArray("Finance", "Security"),
        ["Budget"] = "1200.5",
        ["Team size"] = 3,
        ["Contacts"] = new JsonArray("cfo@example.com", "ciso@example.com"),
        ["Checklist"] = new JsonObject { ["items"] = new JsonArray("ledger", "access logs") },
        ["Attachments"] = new JsonArray(DataUri("hello", "plan été.txt"), DataUri("second")),
    };

    private Task<HttpResponseMessage> ScheduleAsync(JsonObject values) =>
        Api.TriggerAsync("schedule-audit", ForestApi.Body("companies", ["6"], values));

    [Test]
    public async Task EveryFieldType_IsBoundIntoTheForm()
    {
        var response = await ScheduleAsync(ValidAudit());

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        var html = System.Net.WebUtility.HtmlDecode((await ForestApi.JsonAsync(response))["html"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Auditor: Grace Hopper"));
            Assert.That(html, Does.Contain($"Date: {NextMonth} at 09:30"));
            Assert.That(html, Does.Contain("Report deadline: 2030-01-31T17:00:00.0000000+00:00"));
            Assert.That(html, Does.Contain("On site: no"));
            Assert.That(html, Does.Contain("Scope: Finance, Security"));
            Assert.That(html, Does.Contain("Budget: 1200.50; team size: 3"));
            Assert.That(html, Does.Contain("Contacts: cfo@example.com, ciso@example.com"));
            Assert.That(html, Does.Contain("Checklist: {\"items\":[\"ledger\",\"access logs\"]}"));
            Assert.That(html, Does.Contain("Attachments: plan été.txt (5 bytes), notes.txt (6 bytes)"), "file names are decoded from the data URI");
        });
    }

    [Test]
    public async Task DefaultValues_ApplyWhenAFieldIsNotSent()
    {
        var values = ValidAudit();
        values.Remove("On site");

        var response = await ScheduleAsync(values);

        Assert.That((await ForestApi.JsonAsync(response))["html"]!.GetValue<string>(), Does.Contain("On site: yes"));
    }

    private static IEnumerable<TestCaseData> WrongValues()
    {
        yield return new TestCaseData("Auditor", null, "is required.").SetName("missing required text");
        yield return new TestCaseData("Auditor", (JsonNode)42, "must be a text value.").SetName("number for text");
        yield return new TestCaseData("Audit date", (JsonNode)"31/12/2030", "must be a date written yyyy-MM-dd.").SetName("bad date only");
        yield return new TestCaseData("Start time", (JsonNode)"25:99", "must be a time written HH:mm or HH:mm:ss.").SetName("bad time");
        yield return new TestCaseData("Report deadline", (JsonNode)"next week", "must be an ISO 8601 date.").SetName("bad date");
        yield return new TestCaseData("On site", (JsonNode)"maybe", "must be true or false.").SetName("bad boolean");
        yield return new TestCaseData("Scope", new JsonArray("Marketing"), "must be one of Finance, Security, Compliance.").SetName("value outside enums");
        yield return new TestCaseData("Scope", (JsonNode)"Finance", "must be a list of Enum values.").SetName("single value for a list");
        yield return new TestCaseData("Budget", (JsonNode)"a lot", "must be a number.").SetName("bad number");
        yield return new TestCaseData("Team size", (JsonNode)2.5, "must be a whole number.").SetName("decimal for an integer");
        yield return new TestCaseData("Team size", (JsonNode)99999999999, "is out of range (99999999999).").SetName("integer overflow");
        yield return new TestCaseData("Team size", (JsonNode)50, "'Team Size' must be between 1 and 20. You entered 50.").SetName("validator rule");
        yield return new TestCaseData("Audit date", (JsonNode)"2001-01-01", "The audit date cannot be in the past.").SetName("validator rule with a service");
        yield return new TestCaseData("Attachments", new JsonArray("hello"), "must be a file sent as a data URI (data:<type>;name=<name>;base64,<content>).").SetName("text for a file");
        yield return new TestCaseData("Attachments", new JsonArray("data:text/plain;name=a.txt;base64,@@@@"), "is not valid base64 data.").SetName("bad base64");
        yield return new TestCaseData("Attachments", new JsonArray(DataUri(new string('x', 300 * 1024))), "is larger than the 256 KiB allowed.").SetName("file over its limit");
    }

    [TestCaseSource(nameof(WrongValues))]
    public async Task WrongValue_Is400_NamingTheField(string field, JsonNode? value, string message)
    {
        var values = ValidAudit();
        values[field] = value;

        var errors = await ForestApi.FieldErrorsAsync(await ScheduleAsync(values));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[field], Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task SeveralWrongValues_AreAllNamed()
    {
        var values = ValidAudit();
        values["Auditor"] = "";
        values["On site"] = "perhaps";
        values["Scope"] = new JsonArray("Finance", "Nope");

        var errors = await ForestApi.FieldErrorsAsync(await ScheduleAsync(values));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "Auditor", "On site", "Scope" }));
    }

    [Test]
    public async Task ImportTransactions_ReadsTheUploadedCsv()
    {
        var before = await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Transactions));
        var csv = "emitter_company_id,beneficiary_company_id,amount,note\n1,2,100,first\n3,4,250\n";

        var response = await Api.TriggerAsync("import-transactions", ForestApi.Body("transactions", [], new JsonObject { ["CSV file"] = DataUri(csv, "tx.csv", "text/csv") }));

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Is.EqualTo("Imported 2 transactions."));
        Assert.That(await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Transactions)), Is.EqualTo(before + 2));
    }

    [Test]
    public async Task ImportTransactions_WithABadLine_ImportsNothing()
    {
        var before = await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Transactions));

        var response = await Api.TriggerAsync("import-transactions", ForestApi.Body("transactions", [], new JsonObject { ["CSV file"] = DataUri("1,2,100\n1,999999,5\n", "tx.csv") }));

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((await ForestApi.JsonAsync(response))["error"]!.GetValue<string>(), Does.StartWith("Nothing was imported: line 2"));
        Assert.That(await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Transactions)), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportTransactions_RefusesAFileOverItsLimit_OrNoFile()
    {
        var big = await Api.TriggerAsync("import-transactions", ForestApi.Body("transactions", [], new JsonObject { ["CSV file"] = DataUri(new string('1', 1024 * 1024 + 1)) }));
        var none = await Api.TriggerAsync("import-transactions", ForestApi.Body("transactions", []));

        Assert.That((await ForestApi.FieldErrorsAsync(big))["CSV file"], Is.EqualTo(new[] { "is larger than the 1 MiB allowed." }));
        Assert.That((await ForestApi.FieldErrorsAsync(none))["CSV file"], Is.EqualTo(new[] { "is required." }));
    }
}
