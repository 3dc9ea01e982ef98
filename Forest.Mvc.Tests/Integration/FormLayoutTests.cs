using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Forms;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Form layouts on the wire: pages, rows, separators and HTML blocks, in the schema and in hook answers.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class FormLayoutTests(string provider) : LiveDemoFixture(provider)
{
    private static string[] Components(JsonNode? elements) => [.. elements!.AsArray().Select(e => e!["component"]!.GetValue<string>())];

    private async Task<JsonObject> LoadAsync(int company)
    {
        var response = await Api.Client.PostAsync("/forest/actions/onboard-company/hooks/load",
            new StringContent(ForestApi.Body("companies", [company.ToString()]).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ForestApi.JsonAsync(response);
    }

    [Test]
    public async Task Schema_CarriesTheStaticLayout_OfAThreePageForm()
    {
        var schema = await ForestApi.JsonAsync(await Api.Client.GetAsync("/forest/schema"));
        var action = schema["collections"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "companies")!["actions"]!.AsArray()
            .Single(a => a!["name"]!.GetValue<string>() == "Onboard company")!;
        var layout = action["layout"]!.AsArray();
        var markAsLive = schema["collections"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "companies")!["actions"]!.AsArray()
            .Single(a => a!["name"]!.GetValue<string>() == "Mark as Live")!;

        Assert.Multiple(() =>
        {
            Assert.That(Components(layout), Is.EqualTo(new[] { "page", "page", "page" }));
            Assert.That(layout[0]!["nextButtonLabel"]!.GetValue<string>(), Is.EqualTo("Contact"));
            Assert.That(Components(layout[0]!["elements"]), Is.EqualTo(new[] { "htmlBlock", "row" }));
            Assert.That(layout[0]!["elements"]![1]!["fields"]!.AsArray().Select(f => f!["fieldId"]!.GetValue<string>()), Is.EqualTo(new[] { "Industry", "Headquarter" }));
            Assert.That(Components(layout[1]!["elements"]), Is.EqualTo(new[] { "input", "separator", "input" }));
            Assert.That(layout[1]!["previousButtonLabel"]!.GetValue<string>(), Is.EqualTo("Company"));
            Assert.That(markAsLive.AsObject().ContainsKey("layout"), Is.False, "no layout key without layout elements");
        });
    }

    [Test]
    public async Task LoadHook_AnswersTheLayout_AndMayChangeIt()
    {
        var (pending, live) = await Factory.WithDbAsync(async db => (
            await db.Companies.Where(c => c.Status != CompanyStatus.Live).Select(c => c.Id).FirstAsync(),
            await db.Companies.Where(c => c.Status == CompanyStatus.Live).Select(c => c.Id).FirstAsync()));

        var plain = await LoadAsync(pending);
        var warned = await LoadAsync(live);

        Assert.Multiple(() =>
        {
            Assert.That(Components(plain["layout"]), Is.EqualTo(new[] { "page", "page", "page" }));
            Assert.That(Components(plain["layout"]![0]!["elements"]), Is.EqualTo(new[] { "htmlBlock", "row" }));
            Assert.That(Components(warned["layout"]![0]!["elements"]), Is.EqualTo(new[] { "htmlBlock", "htmlBlock", "row" }));
            Assert.That(warned["layout"]![0]!["elements"]![0]!["content"]!.GetValue<string>(), Does.Contain("is already live"));
        });
    }

    [Test]
    public void HtmlBlocks_AreSanitised()
    {
        var element = FormElement.Html("<p onclick=\"steal()\">Hello</p><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a>");

        var content = ((FormHtmlBlock)element).Content;

        Assert.That(content, Does.Contain("<p>Hello</p>").And.Not.Contain("script").And.Not.Contain("onclick").And.Not.Contain("javascript:"));
    }
}
