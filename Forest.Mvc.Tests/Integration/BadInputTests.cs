using System.Net;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Malformed or hostile requests get a 4xx Forest error naming the problem, never a 500, and change no row.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class BadInputTests(string provider) : LiveDemoFixture(provider)
{
    private string _snapshot = "";

    [SetUp]
    public async Task RememberDataAsync() => _snapshot = await SnapshotAsync();

    [TearDown]
    public async Task DataIsUnchangedAsync() => Assert.That(await SnapshotAsync(), Is.EqualTo(_snapshot), "a refused request changed data");

    private Task<string> SnapshotAsync() => Factory.WithDbAsync(async db =>
        string.Join(",", await db.Companies.OrderBy(c => c.Id).Select(c => c.Status).ToListAsync())
        + "|" + await db.Transactions.CountAsync() + "|" + await db.Users.CountAsync(u => u.PasswordResetRequestedAt != null));

    private async Task ExpectAsync(HttpResponseMessage response, int status, string name, string detailPart)
    {
        var error = await ForestApi.ErrorAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status));
            Assert.That(error.Status, Is.EqualTo(status));
            Assert.That(error.Name, Is.EqualTo(name));
            Assert.That(error.Detail, Does.Contain(detailPart));
        });
    }

    private static readonly string PendingCompany = "1";

    [TestCase("{\"data\":", "not valid JSON")]
    [TestCase("[1,2]", "JSON:API document")]
    [TestCase("{\"data\":{\"type\":\"custom-action-requests\"}}", "data.attributes")]
    [TestCase("{\"data\":{\"attributes\":{\"ids\":\"1\"}}}", "data.attributes.ids must be an array")]
    [TestCase("{\"data\":{\"attributes\":{\"ids\":[{\"id\":1}]}}}", "only hold id strings")]
    [TestCase("{\"data\":{\"attributes\":{\"ids\":[\"1\"],\"values\":[1]}}}", "values must be an object")]
    [TestCase("{\"data\":{\"attributes\":{\"ids\":[\"1\"],\"all_records\":\"yes\"}}}", "all_records must be true or false")]
    [TestCase("{\"data\":{\"attributes\":{\"ids\":[\"1\"],\"collection_name\":42}}}", "collection_name must be a string")]
    public async Task MalformedBody_Is400_NamingTheProblem(string body, string detail)
    {
        var response = await Api.PostRawAsync("/forest/actions/suspend", body);

        await ExpectAsync(response, 400, "ValidationError", detail);
    }

    [Test]
    public async Task SingleAction_WithTwoIds_Is400()
    {
        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["1", "2"]));

        await ExpectAsync(response, 400, "ValidationError", "runs on exactly one record, and the request selects 2");
    }

    [Test]
    public async Task BulkAction_WithoutIds_Is400()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", []));

        await ExpectAsync(response, 400, "ValidationError", "needs at least one record");
    }

    [Test]
    public async Task DuplicateIds_CountOnce()
    {
        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", ["999999", "999999"]));

        await ExpectAsync(response, 404, "NotFoundError", "'999999'");
    }

    [Test]
    public async Task UnknownId_Is404_NamingIt()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", [PendingCompany, "424242"]));

        await ExpectAsync(response, 404, "NotFoundError", "No record with id '424242' in the collection 'companies'");
    }

    [Test]
    public async Task MalformedId_Is400_NamingIt()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", ["1 OR 1=1"]));

        await ExpectAsync(response, 400, "ValidationError", "'1 OR 1=1' is not a valid id of the collection 'companies'");
    }

    [Test]
    public async Task IdsOfAnotherCollection_AreRefused()
    {
        var userId = await Factory.WithDbAsync(db => db.Users.Select(u => u.Id).FirstAsync());

        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", [userId.ToString()]));

        await ExpectAsync(response, 400, "ValidationError", "is not a valid id of the collection 'companies'");
    }

    [Test]
    public async Task WrongCollectionName_Is400()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("customers", ["1"]));

        await ExpectAsync(response, 400, "ValidationError", "belongs to the collection 'companies'");
    }

    [Test]
    public async Task UnknownAction_IsJson404()
    {
        var response = await Api.TriggerAsync("make-coffee", ForestApi.Body("companies", ["1"]));

        await ExpectAsync(response, 404, "NotFoundError", "/forest/actions/make-coffee");
    }

    [Test]
    public async Task RequesterIdInTheBody_Is422()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", ["1"], more: a => a["requester_id"] = 1));

        await ExpectAsync(response, 422, "UnprocessableError", "requester_id");
    }

    [Test]
    public async Task HugeBody_Is413()
    {
        await using var small = new LiveDemoFactory(("Forest:MaxActionBodyBytes", "4096"));
        var api = await ForestApi.LoginAsync(small);

        var response = await api.TriggerAsync("suspend", ForestApi.Body("companies", ["1"], new JsonObject { ["padding"] = new string('x', 10_000) }));

        await ExpectAsync(response, 413, "PayloadTooLargeError", "4 KiB");
    }

    [Test]
    public async Task NonJsonContentType_Is415()
    {
        var response = await Api.PostRawAsync("/forest/actions/suspend", "ids=1", "application/x-www-form-urlencoded");

        await ExpectAsync(response, 415, "UnsupportedMediaTypeError", "must be JSON");
    }

    [Test]
    public async Task UnknownTimeZone_Is400()
    {
        var response = await Api.TriggerAsync("suspend", ForestApi.Body("companies", ["1"]), "?timezone=Mars/Olympus");

        await ExpectAsync(response, 400, "ValidationError", "'Mars/Olympus' is not a known IANA time zone");
    }

    [TestCase("{\"field\":\"status\",\"operator\":\"sounds_like\",\"value\":\"x\"}", "the operator 'sounds_like' is not supported")]
    [TestCase("{\"field\":\"password\",\"operator\":\"equal\",\"value\":\"x\"}", "the field 'password' does not exist in the collection 'companies'")]
    [TestCase("{\"field\":\"id\",\"operator\":\"equal\",\"value\":\"abc\"}", "\"abc\" is not an integer")]
    [TestCase("{\"field\":\"name\",\"operator\":\"greater_than\",\"value\":\"a\"}", "does not apply to the field 'name'")]
    [TestCase("{\"aggregator\":\"xor\",\"conditions\":[]}", "the aggregator must be 'and' or 'or'")]
    [TestCase("not json", "not valid JSON")]
    public async Task SelectAll_WithBadFilters_Is400(string filters, string detail)
    {
        var body = ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["filters"] = filters };
        });

        var response = await Api.TriggerAsync("suspend", body);

        await ExpectAsync(response, 400, "ValidationError", detail);
    }

    [Test]
    public async Task SelectAll_WithUnknownSegment_Is400_ListingTheKnownOnes()
    {
        var body = ForestApi.Body("companies", [], more: a =>
        {
            a["all_records"] = true;
            a["all_records_subset_query"] = new JsonObject { ["segment"] = "VIP" };
        });

        var response = await Api.TriggerAsync("suspend", body);

        await ExpectAsync(response, 400, "ValidationError", "known: Live companies, Pending companies");
    }

    [Test]
    public async Task SelectAll_OnASingleAction_Is400()
    {
        var response = await Api.TriggerAsync("mark-as-live", ForestApi.Body("companies", [], more: a => a["all_records"] = true));

        await ExpectAsync(response, 400, "ValidationError", "runs on exactly one record");
    }

    [Test]
    public async Task IncompleteParentContext_Is400()
    {
        var body = ForestApi.Body("users", [], more: a => { a["all_records"] = true; a["parent_collection_name"] = "companies"; });

        var response = await Api.TriggerAsync("reset-password", body);

        await ExpectAsync(response, 400, "ValidationError", "go together");
    }

    [Test]
    public async Task ParentAssociationOfAnotherCollection_Is400()
    {
        var body = ForestApi.Body("users", [], more: a =>
        {
            a["all_records"] = true;
            a["parent_collection_name"] = "companies";
            a["parent_collection_id"] = "1";
            a["parent_association_name"] = "emitted_transactions";
        });

        var response = await Api.TriggerAsync("reset-password", body);

        await ExpectAsync(response, 400, "ValidationError", "'emitted_transactions' is not a related-data list of 'companies' holding records of 'users'");
    }

    [TestCase("{\"amount\":\"abc\",\"description\":\"x\"}", "amount", "must be a number.")]
    [TestCase("{\"amount\":10}", "description", "is required.")]
    [TestCase("{\"amount\":true,\"description\":\"x\"}", "amount", "must be a number.")]
    [TestCase("{\"amount\":-3,\"description\":\"x\"}", "amount", "'Amount' must be greater than '0'.")]
    [TestCase("{\"amount\":12.345,\"description\":\"x\"}", "amount", "'Amount' must not be more than 8 digits in total, with allowance for 2 decimals. 5 digits and 3 decimals were found.")]
    public async Task ChargeCreditCard_WithWrongValues_Is400_NamingTheField(string values, string field, string message)
    {
        var response = await Api.TriggerAsync("charge-credit-card", ForestApi.Body("customers", ["1"], JsonNode.Parse(values)!.AsObject()));

        var errors = await ForestApi.FieldErrorsAsync(response);
        Assert.That(errors[field], Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task AddNewTransaction_ToAnUnknownCompany_Is400_NamingTheField()
    {
        var response = await Api.TriggerAsync("add-new-transaction", ForestApi.Body("companies", ["1"],
            new JsonObject { ["Beneficiary company"] = "99999", ["Amount"] = 10 }));

        var errors = await ForestApi.FieldErrorsAsync(response);
        Assert.That(errors, Is.EquivalentTo(new Dictionary<string, string[]> { ["Beneficiary company"] = ["no record of 'companies' has the id '99999'."] }));
    }

    [Test]
    public async Task ReadRoutes_WithBadParameters_Are4xx()
    {
        Assert.Multiple(async () =>
        {
            var (status, _, detail) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies?page[size]=0"));
            Assert.That((status, detail), Is.EqualTo((400, "page[size] must be a whole number of at least 1, not '0'.")));
            (status, _, detail) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies?page[size]=5000"));
            Assert.That(status, Is.EqualTo(400));
            Assert.That(detail, Does.Contain("at most 1000"));
            (status, _, detail) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies?sort=-secret"));
            Assert.That(detail, Is.EqualTo("sort: 'secret' is not a sortable field of the collection 'companies'."));
            (status, _, _) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/planets"));
            Assert.That(status, Is.EqualTo(404));
            (status, _, _) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies/abc"));
            Assert.That(status, Is.EqualTo(400));
            (status, _, _) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies/987654"));
            Assert.That(status, Is.EqualTo(404));
            (status, _, _) = await ForestApi.ErrorAsync(await Api.Client.GetAsync("/forest/companies/1/relationships/planets"));
            Assert.That(status, Is.EqualTo(404));
        });
    }
}
