using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Swagger documents every smart action with its typed body, its results and bearer authentication.</summary>
[TestFixture]
public sealed class SwaggerTests
{
    private LiveDemoFactory _factory = null!;
    private JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new LiveDemoFactory();
        _document = await ForestApi.JsonAsync(await _factory.CreateClient().GetAsync("/swagger/v1/swagger.json"));
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    [Test]
    public void EverySmartAction_IsDocumented_TaggedByCollection()
    {
        var paths = _document["paths"]!.AsObject();
        var expected = new Dictionary<string, string>
        {
            ["/forest/actions/mark-as-live"] = "companies",
            ["/forest/actions/suspend"] = "companies",
            ["/forest/actions/add-new-transaction"] = "companies",
            ["/forest/actions/return-and-track"] = "companies",
            ["/forest/actions/show-some-activity"] = "companies",
            ["/forest/actions/notify-crm"] = "companies",
            ["/forest/actions/schedule-audit"] = "companies",
            ["/forest/actions/onboard-company"] = "companies",
            ["/forest/actions/assign-account-manager"] = "companies",
            ["/forest/actions/refund"] = "transactions",
            ["/forest/actions/import-transactions"] = "transactions",
            ["/forest/actions/send-pending-reminders"] = "companies",
            ["/forest/actions/charge-credit-card"] = "customers",
            ["/forest/actions/generate-invoice"] = "customers",
            ["/forest/actions/export-customers"] = "customers",
            ["/forest/actions/re-send-invoices"] = "companies",
            ["/forest/actions/recompute-risk-scores"] = "companies",
            ["/forest/actions/validate"] = "transactions",
            ["/forest/actions/reset-password"] = "users",
        };

        Assert.Multiple(() =>
        {
            foreach (var (path, tag) in expected)
            {
                Assert.That(paths.ContainsKey(path), Is.True, path);
                Assert.That(paths[path]?["post"]?["tags"]?[0]?.GetValue<string>(), Is.EqualTo(tag), path);
                Assert.That(paths[path]?["post"]?["security"]?[0]?.AsObject().ContainsKey("Bearer"), Is.True, path);
            }

            Assert.That(paths.Select(p => p.Key).Where(p => p.StartsWith("/forest/actions/", StringComparison.Ordinal)), Has.Exactly(expected.Count).Items);
        });
    }

    [Test]
    public void ChargeCreditCard_ShowsTypedRequiredValues()
    {
        var values = _document["paths"]!["/forest/actions/charge-credit-card"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!
            ["properties"]!["data"]!["properties"]!["attributes"]!["properties"]!["values"]!;

        Assert.Multiple(() =>
        {
            Assert.That(values["properties"]!["amount"]!["type"]!.GetValue<string>(), Is.EqualTo("number"));
            Assert.That(values["properties"]!["description"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
            Assert.That(values["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "amount", "description" }));
        });
    }

    [Test]
    public void TypedForm_ShowsFormatsListsEnumsAndFiles()
    {
        var values = _document["paths"]!["/forest/actions/schedule-audit"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!
            ["properties"]!["data"]!["properties"]!["attributes"]!["properties"]!["values"]!;
        var properties = values["properties"]!;

        Assert.Multiple(() =>
        {
            Assert.That(properties["Audit date"]!["format"]!.GetValue<string>(), Is.EqualTo("date"));
            Assert.That(properties["Report deadline"]!["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
            Assert.That(properties["Start time"]!["format"]!.GetValue<string>(), Is.EqualTo("time"));
            Assert.That(properties["Scope"]!["type"]!.GetValue<string>(), Is.EqualTo("array"));
            Assert.That(properties["Scope"]!["items"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "Finance", "Security", "Compliance" }));
            Assert.That(properties["Attachments"]!["items"]!["format"]!.GetValue<string>(), Is.EqualTo("data-url"));
            Assert.That(values["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "Auditor", "Audit date" }));
        });
    }

    [Test]
    public void Download_IsDescribedAsBinary_AndErrorsAsForestErrors()
    {
        var responses = _document["paths"]!["/forest/actions/generate-invoice"]!["post"]!["responses"]!;

        Assert.Multiple(() =>
        {
            Assert.That(responses["200"]!["content"]!["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>(), Is.EqualTo("binary"));
            Assert.That(responses["401"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject().ContainsKey("errors"), Is.True);
        });
    }

    [Test]
    public void BearerScheme_AndLoginRoute_AreInTheDocument()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(_document["paths"]!.AsObject().ContainsKey("/forest/authentication"), Is.True);
        });
    }
}
