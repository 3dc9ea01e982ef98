using Forest.Mvc.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>
/// Calls the Live Demo the way the Forest front-end does: JSON:API action bodies with a bearer token, through the
/// <see cref="ForestTestClient"/> that Forest.Mvc.Testing gives action authors (the library's tests use it too).
/// </summary>
public sealed class ForestApi(ForestTestClient caller)
{
    public HttpClient Client => caller.Http;

    public static async Task<ForestApi> LoginAsync(LiveDemoFactory factory, string email = "admin@forest.demo") =>
        new(await ForestTestClient.LoginAsync(factory.CreateClient(), email, "livedemo"));

    /// <summary>A <c>custom-action-requests</c> body, as in the reference page.</summary>
    public static JsonObject Body(string collection, IEnumerable<string>? ids = null, JsonObject? values = null, Action<JsonObject>? more = null)
    {
        var attributes = new JsonObject
        {
            ["ids"] = new JsonArray([.. (ids ?? []).Select(id => (JsonNode)id)]),
            ["values"] = values ?? new JsonObject(),
            ["collection_name"] = collection,
            ["parent_collection_name"] = null,
            ["parent_collection_id"] = null,
            ["parent_association_name"] = null,
            ["all_records"] = false,
            ["all_records_subset_query"] = new JsonObject(),
            ["all_records_ids_excluded"] = new JsonArray(),
        };
        more?.Invoke(attributes);
        return new JsonObject { ["data"] = new JsonObject { ["attributes"] = attributes, ["type"] = "custom-action-requests" } };
    }

    public Task<HttpResponseMessage> TriggerAsync(string action, JsonObject body, string query = "?timezone=Europe/Paris") =>
        caller.PostAsync($"/forest/actions/{action}{query}", body.ToJsonString(), timeZone: null);

    /// <summary>Polls <c>GET /forest/jobs/{id}</c> until the job ended (30 s at most); answers its last state.</summary>
    public async Task<JsonObject> WaitForJobAsync(string id, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var job = await JsonAsync(await Client.GetAsync($"/forest/jobs/{id}"));
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" or "interrupted")
            {
                return job;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"job {id} did not end within {seconds} s");
        return null!;
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The first Forest error of an <c>{"errors":[…]}</c> body.</summary>
    public static async Task<(int Status, string Name, string Detail)> ErrorAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        var error = body["errors"]![0]!;
        return (error["status"]!.GetValue<int>(), error["name"]!.GetValue<string>(), error["detail"]!.GetValue<string>());
    }

    /// <summary>The field errors of a validation problem details body (invalid form values).</summary>
    public static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        Assert.That((int)response.StatusCode, Is.EqualTo(400), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await JsonAsync(response);
        Assert.That(body["error"]?.GetValue<string>(), Does.StartWith("Invalid values: "), "the Forest front-end shows 'error' as a notification");
        return body["errors"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
    }

    public static string Filters(object tree) => JsonSerializer.Serialize(tree);
}
