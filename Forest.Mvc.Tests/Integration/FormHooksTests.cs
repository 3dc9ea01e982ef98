using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Integration;

/// <summary>Dynamic forms: the load and change hooks of "Refund", their payloads and answers, and the refund itself.</summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class FormHooksTests(string provider) : LiveDemoFixture(provider)
{
    private static JsonObject HookBody(string id, string? changedField = null, JsonArray? fields = null) => new()
    {
        ["data"] = new JsonObject
        {
            ["type"] = "custom-action-hook-requests",
            ["attributes"] = new JsonObject
            {
                ["collection_name"] = "transactions",
                ["ids"] = new JsonArray(id),
                ["values"] = new JsonObject(),
                ["changed_field"] = changedField,
                ["fields"] = fields,
            },
        },
    };

    private static JsonArray Fields(string reason, long amount) =>
    [
        new JsonObject { ["field"] = "Reason", ["type"] = "Enum", ["value"] = reason, ["hook"] = "OnRefundReasonChanged", ["previousValue"] = null },
        new JsonObject { ["field"] = "Details", ["type"] = "String", ["value"] = null },
        new JsonObject { ["field"] = "Amount", ["type"] = "Number", ["value"] = amount },
    ];

    private async Task<JsonArray> HookAsync(string hook, JsonObject body)
    {
        var response = await Api.Client.PostAsync($"/forest/actions/refund/hooks/{hook}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var json = await ForestApi.JsonAsync(response);
        Assert.That(json["layout"]!.AsArray(), Is.Empty);
        return json["fields"]!.AsArray();
    }

    private static JsonNode Field(JsonArray fields, string name) => fields.Single(f => f!["field"]!.GetValue<string>() == name)!;

    [Test]
    public async Task Load_PrefillsTheAmountFromTheTransaction_AndHidesDetails()
    {
        var amount = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == 11).Select(t => t.Amount).SingleAsync());

        var fields = await HookAsync("load", HookBody("11"));

        Assert.Multiple(() =>
        {
            Assert.That(fields.Select(f => f!["field"]!.GetValue<string>()), Is.EqualTo(new[] { "Reason", "Amount" }));
            Assert.That(Field(fields, "Amount")["value"]!.GetValue<long>(), Is.EqualTo(amount));
            Assert.That(Field(fields, "Amount")["description"]!.GetValue<string>(), Is.EqualTo($"Up to {amount} (the transaction's amount)."));
            Assert.That(Field(fields, "Reason")["hook"]!.GetValue<string>(), Is.EqualTo("OnRefundReasonChanged"));
            Assert.That(Field(fields, "Reason")["enums"]!.AsArray(), Has.Count.EqualTo(4));
        });
    }

    [Test]
    public async Task Change_ToOther_RevealsARequiredDetailsField_KeepingTheValues()
    {
        var fields = await HookAsync("change", HookBody("11", "Reason", Fields("Other", 40)));

        Assert.Multiple(() =>
        {
            Assert.That(fields.Select(f => f!["field"]!.GetValue<string>()), Is.EqualTo(new[] { "Reason", "Details", "Amount" }));
            Assert.That(Field(fields, "Details")["isRequired"]!.GetValue<bool>(), Is.True);
            Assert.That(Field(fields, "Details")["widgetEdit"]!["name"]!.GetValue<string>(), Is.EqualTo("text area editor"));
            Assert.That(Field(fields, "Amount")["value"]!.GetValue<long>(), Is.EqualTo(40));
            Assert.That(Field(fields, "Reason")["value"]!.GetValue<string>(), Is.EqualTo("Other"));
        });
    }

    [Test]
    public async Task Change_ToAnotherReason_HidesDetails()
    {
        var fields = await HookAsync("change", HookBody("11", "Reason", Fields("Fraudulent", 40)));

        Assert.That(fields.Select(f => f!["field"]!.GetValue<string>()), Is.EqualTo(new[] { "Reason", "Amount" }));
    }

    [Test]
    public async Task Change_WithAValueOutsideTheOptions_ClearsIt()
    {
        var fields = await HookAsync("change", HookBody("11", "Reason", Fields("Because", 40)));

        Assert.That(Field(fields, "Reason")["value"], Is.Null);
    }

    [Test]
    public async Task EachRequest_GetsAFreshForm()
    {
        await HookAsync("change", HookBody("11", "Reason", Fields("Other", 40)));

        var fields = await HookAsync("load", HookBody("11"));

        Assert.That(fields.Select(f => f!["field"]!.GetValue<string>()), Does.Not.Contain("Details"), "what a hook changed must not leak into the next request");
    }

    [Test]
    public async Task LegacyTopLevelBody_IsAccepted()
    {
        var body = new JsonObject { ["recordIds"] = new JsonArray("11"), ["collectionName"] = "transactions", ["changedField"] = "Reason", ["fields"] = Fields("Other", 5) };

        var fields = await HookAsync("change", body);

        Assert.That(Field(fields, "Details")["isRequired"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Load_OfAnActionWithoutLoadHook_AnswersItsStaticForm()
    {
        var response = await Api.Client.PostAsync("/forest/actions/charge-credit-card/hooks/load",
            new StringContent(ForestApi.Body("customers", ["1"]).ToJsonString(), Encoding.UTF8, "application/json"));

        var fields = (await ForestApi.JsonAsync(response))["fields"]!.AsArray();
        Assert.That(fields.Select(f => (f!["field"]!.GetValue<string>(), f["isRequired"]!.GetValue<bool>())), Is.EqualTo(new[] { ("amount", true), ("description", true) }));
    }

    [TestCase(null, "changed_field is required")]
    [TestCase("Colour", "has no field 'Colour'")]
    public async Task Change_OfNoField_OrAnUnknownField_Is400(string? changed, string detail)
    {
        var response = await Api.Client.PostAsync("/forest/actions/refund/hooks/change",
            new StringContent(HookBody("11", changed, Fields("Other", 1)).ToJsonString(), Encoding.UTF8, "application/json"));

        var error = await ForestApi.ErrorAsync(response);
        Assert.That(error.Status, Is.EqualTo(400));
        Assert.That(error.Detail, Does.Contain(detail));
    }

    [TestCase("custom-action-hook-requests")]
    [TestCase("action-requests")]
    public async Task Change_OfAFieldWithoutItsOwnHook_AnswersTheRecomputedForm_ThroughTheAnyFieldHook(string type)
    {
        var body = HookBody("11", "Details", Fields("Other", 42));
        body["data"]!["type"] = type;
        ((JsonArray)body["data"]!["attributes"]!["fields"]!)[1]!["value"] = "Paid twice";

        var fields = await HookAsync("change", body);

        Assert.Multiple(() =>
        {
            Assert.That(Field(fields, "Reason")["value"]!.GetValue<string>(), Is.EqualTo("Other"), "values are kept");
            Assert.That(Field(fields, "Details")["value"]!.GetValue<string>(), Is.EqualTo("Paid twice"));
            Assert.That(Field(fields, "Amount")["value"]!.GetValue<long>(), Is.EqualTo(42));
            Assert.That(Field(fields, "Amount")["description"]!.GetValue<string>(), Is.EqualTo("42 will be refunded."), "the any-field hook ran");
            Assert.That(Field(fields, "Details")["hook"]!.GetValue<string>(), Is.EqualTo("OnRefundEdited"));
            Assert.That(Field(fields, "Reason")["hook"]!.GetValue<string>(), Is.EqualTo("OnRefundReasonChanged"), "a field's own hook comes first");
        });
    }

    [Test]
    public async Task Hooks_NeedAToken_AndTheActionsSelectionRules()
    {
        var anonymous = await Factory.CreateClient().PostAsync("/forest/actions/refund/hooks/load", new StringContent(HookBody("11").ToJsonString(), Encoding.UTF8, "application/json"));
        var body = HookBody("11");
        body["data"]!["attributes"]!["ids"] = new JsonArray("11", "12");
        var twoIds = await Api.Client.PostAsync("/forest/actions/refund/hooks/load", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.That((await ForestApi.ErrorAsync(anonymous)).Status, Is.EqualTo(401));
        Assert.That((await ForestApi.ErrorAsync(twoIds)).Detail, Does.Contain("runs on exactly one record"));
    }

    [Test]
    public async Task Refund_CreatesTheReverseTransaction()
    {
        var original = await Factory.WithDbAsync(db => db.Transactions.AsNoTracking().SingleAsync(t => t.Id == 20));

        var response = await Api.TriggerAsync("refund", ForestApi.Body("transactions", ["20"], new JsonObject { ["Reason"] = "Other", ["Details"] = "Paid twice", ["Amount"] = original.Amount }));

        Assert.That((await ForestApi.JsonAsync(response))["success"]!.GetValue<string>(), Is.EqualTo($"{original.Amount} refunded."));
        var reverse = await Factory.WithDbAsync(db => db.Transactions.SingleAsync(t => t.Reference == original.Reference + "-R"));
        Assert.Multiple(async () =>
        {
            Assert.That((reverse.EmitterCompanyId, reverse.BeneficiaryCompanyId), Is.EqualTo((original.BeneficiaryCompanyId, original.EmitterCompanyId)));
            Assert.That(reverse.Note, Is.EqualTo("Refund: Paid twice"));
            Assert.That(await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == 20).Select(t => t.Status).SingleAsync()), Is.EqualTo("refunded"));
        });
    }

    [Test]
    public async Task Refund_WithReasonOtherAndNoDetails_IsRefusedByTheValidator()
    {
        var response = await Api.TriggerAsync("refund", ForestApi.Body("transactions", ["21"], new JsonObject { ["Reason"] = "Other", ["Amount"] = 1 }));

        var errors = await ForestApi.FieldErrorsAsync(response);
        Assert.That(errors["Details"], Is.EqualTo(new[] { "Details are required when the reason is Other." }));
        Assert.That(await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == 21).Select(t => t.Status).SingleAsync()), Is.Not.EqualTo("refunded"));
    }

    [Test]
    public async Task Refund_AboveTheTransactionsAmount_IsAnErrorNotification()
    {
        var amount = await Factory.WithDbAsync(db => db.Transactions.Where(t => t.Id == 22).Select(t => t.Amount).SingleAsync());

        var response = await Api.TriggerAsync("refund", ForestApi.Body("transactions", ["22"], new JsonObject { ["Reason"] = "Fraudulent", ["Amount"] = amount + 1 }));

        Assert.That((await ForestApi.JsonAsync(response))["error"]!.GetValue<string>(), Is.EqualTo($"The refund cannot exceed the transaction's amount ({amount})."));
    }
}
