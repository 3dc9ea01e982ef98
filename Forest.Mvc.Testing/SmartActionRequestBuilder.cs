using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forest.Mvc.Testing;

/// <summary>
/// Builds the body the Forest front-end sends to a smart action (<c>custom-action-requests</c>), for tests of
/// your own actions through <c>WebApplicationFactory</c>.
/// </summary>
/// <example>
/// <code>
/// var body = SmartActionRequestBuilder.For("companies").WithIds("12").WithValues(new { Amount = 42 }).ToJson();
/// var response = await client.PostAsync("/forest/actions/add-new-transaction",
///     new StringContent(body, Encoding.UTF8, "application/json"));
/// </code>
/// </example>
public sealed class SmartActionRequestBuilder
{
    private readonly JsonObject _attributes;

    private SmartActionRequestBuilder(string collection) => _attributes = new JsonObject
    {
        ["collection_name"] = collection,
        ["ids"] = new JsonArray(),
        ["values"] = new JsonObject(),
        ["parent_collection_name"] = null,
        ["parent_collection_id"] = null,
        ["parent_association_name"] = null,
        ["all_records"] = false,
        ["all_records_subset_query"] = new JsonObject(),
        ["all_records_ids_excluded"] = new JsonArray(),
    };

    /// <summary>Starts a request on a collection.</summary>
    /// <param name="collection">The collection name, e.g. <c>companies</c>.</param>
    /// <returns>A builder.</returns>
    public static SmartActionRequestBuilder For(string collection) => new(collection);

    /// <summary>Selects records by id.</summary>
    /// <param name="ids">The ids, as strings.</param>
    /// <returns>This builder.</returns>
    public SmartActionRequestBuilder WithIds(params string[] ids)
    {
        _attributes["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]);
        return this;
    }

    /// <summary>Sets the form values (an object or a dictionary serialised as JSON, keyed by field name).</summary>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public SmartActionRequestBuilder WithValues(object values)
    {
        _attributes["values"] = JsonSerializer.SerializeToNode(values);
        return this;
    }

    /// <summary>"Select all": every record matching the list query, minus <paramref name="excludedIds"/>.</summary>
    /// <param name="filters">A condition tree (object or JSON text), or <see langword="null"/>.</param>
    /// <param name="search">The search text, or <see langword="null"/>.</param>
    /// <param name="segment">A segment name, or <see langword="null"/>.</param>
    /// <param name="excludedIds">Ids unticked after "select all".</param>
    /// <returns>This builder.</returns>
    public SmartActionRequestBuilder SelectAll(object? filters = null, string? search = null, string? segment = null, params string[] excludedIds)
    {
        var query = new JsonObject();
        if (filters is not null)
        {
            query["filters"] = filters as string ?? JsonSerializer.Serialize(filters);
        }

        if (search is not null)
        {
            query["search"] = search;
        }

        if (segment is not null)
        {
            query["segment"] = segment;
        }

        _attributes["all_records"] = true;
        _attributes["all_records_subset_query"] = query;
        _attributes["all_records_ids_excluded"] = new JsonArray([.. excludedIds.Select(id => (JsonNode)id)]);
        return this;
    }

    /// <summary>Runs the action from a record's related-data list.</summary>
    /// <param name="parentCollection">The parent collection, e.g. <c>companies</c>.</param>
    /// <param name="parentId">The parent record's id.</param>
    /// <param name="association">The association, e.g. <c>users</c>.</param>
    /// <returns>This builder.</returns>
    public SmartActionRequestBuilder FromRelatedData(string parentCollection, string parentId, string association)
    {
        _attributes["parent_collection_name"] = parentCollection;
        _attributes["parent_collection_id"] = parentId;
        _attributes["parent_association_name"] = association;
        return this;
    }

    /// <summary>The JSON body.</summary>
    /// <returns>The body, as the front-end sends it.</returns>
    public string ToJson() =>
        new JsonObject { ["data"] = new JsonObject { ["type"] = "custom-action-requests", ["attributes"] = _attributes.DeepClone() } }.ToJsonString();
}
