using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;

namespace Forest.Mvc.Tests.Integration;

/// <summary>The schema served at /forest/schema and written to .forestadmin-schema.json, locked by a snapshot.</summary>
[TestFixture]
public sealed class SchemaTests
{
    private LiveDemoFactory _factory = null!;
    private JsonObject _schema = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new LiveDemoFactory();
        var api = await ForestApi.LoginAsync(_factory);
        _schema = await ForestApi.JsonAsync(await api.Client.GetAsync("/forest/schema"));
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    private JsonNode Collection(string name) => _schema["collections"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    private JsonNode Action(string collection, string name) => Collection(collection)["actions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == name)!;

    [Test]
    public void Collections_AreTheReferencePageNames_SortedByName()
    {
        var names = _schema["collections"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();

        Assert.That(names, Is.EqualTo(new[] { "charges", "companies", "customers", "transactions", "users" }));
    }

    [Test]
    public void MarkAsLive_HasEveryForestKey()
    {
        var action = Action("companies", "Mark as Live").AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(action.Select(p => p.Key), Is.SupersetOf(new[] { "id", "name", "type", "baseUrl", "endpoint", "httpMethod", "redirect", "download", "fields", "hooks", "description", "submitButtonLabel" }));
            Assert.That(action["id"]!.GetValue<string>(), Is.EqualTo("companies-mark-as-live"));
            Assert.That(action["type"]!.GetValue<string>(), Is.EqualTo("single"));
            Assert.That(action["endpoint"]!.GetValue<string>(), Is.EqualTo("/forest/actions/mark-as-live"));
            Assert.That(action["httpMethod"]!.GetValue<string>(), Is.EqualTo("POST"));
            Assert.That(action["download"]!.GetValue<bool>(), Is.False);
            Assert.That(action["hooks"]!.ToJsonString(), Is.EqualTo("{\"load\":false,\"change\":[]}"));
        });
    }

    [Test]
    public void AddNewTransaction_DescribesItsFieldsLikeTheReferencePage()
    {
        var fields = Action("companies", "Add new transaction")["fields"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(fields[0]!["field"]!.GetValue<string>(), Is.EqualTo("Beneficiary company"));
            Assert.That(fields[0]!["reference"]!.GetValue<string>(), Is.EqualTo("companies.id"));
            Assert.That(fields[0]!["type"]!.GetValue<string>(), Is.EqualTo("Number"));
            Assert.That(fields[1]!["field"]!.GetValue<string>(), Is.EqualTo("Amount"));
            Assert.That(fields[1]!["type"]!.GetValue<string>(), Is.EqualTo("Number"));
            Assert.That(fields[1]!["position"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public void GenerateInvoice_IsADownload()
    {
        Assert.That(Action("customers", "Generate invoice")["download"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Relationships_AreReferences()
    {
        var fields = Collection("companies")["fields"]!.AsArray();
        var emitted = fields.Single(f => f!["field"]!.GetValue<string>() == "emitted_transactions")!;

        Assert.Multiple(() =>
        {
            Assert.That(emitted["reference"]!.GetValue<string>(), Is.EqualTo("transactions.id"));
            Assert.That(emitted["relationship"]!.GetValue<string>(), Is.EqualTo("HasMany"));
            Assert.That(emitted["inverseOf"]!.GetValue<string>(), Is.EqualTo("emitter_company"));
            Assert.That(emitted["type"]!.ToJsonString(), Is.EqualTo("[\"Number\"]"));
        });
    }

    [Test]
    public void SchemaFile_IsWrittenAtStartup_WithTheServedContent()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(_factory.Directory, ".forestadmin-schema.json")))!;

        Assert.That(file.ToJsonString(), Is.EqualTo(_schema.ToJsonString()));
    }

    [Test]
    public void Schema_MatchesTheSnapshot()
    {
        var current = _schema.DeepClone().AsObject();
        current.Remove("meta");
        var text = current.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "Snapshots", "live-demo.forestadmin-schema.json");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, text);
        }

        Assert.That(File.Exists(path), Is.True, "Snapshot missing: run the tests once with UPDATE_SNAPSHOTS=1 and review the file.");
        Assert.That(text, Is.EqualTo(File.ReadAllText(path)), "The schema changed: review it, then run with UPDATE_SNAPSHOTS=1 to accept.");
    }
}
