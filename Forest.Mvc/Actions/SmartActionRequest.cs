using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Actions;

/// <summary>
/// The body of an action call, <c>{"data":{"type":"custom-action-requests","attributes":{…}}}</c>, checked key by key.
/// </summary>
internal record SmartActionRequest
{
    /// <summary>
    /// The body stored for a later replay (an approval request, a background job): this request's values and
    /// parent, on <paramref name="ids"/>; <see langword="null"/> ids keep the select-all (filter and excluded ids).
    /// </summary>
    public string ToStoredBody(SmartActionDescriptor action, IReadOnlyList<string>? ids)
    {
        var allRecords = ids is null;
        var attributes = new JsonObject
        {
            ["collection_name"] = action.Collection,
            ["ids"] = new JsonArray([.. (ids ?? []).Select(id => (JsonNode)id)]),
            ["values"] = Values.ValueKind == JsonValueKind.Object ? JsonNode.Parse(Values.GetRawText()) : new JsonObject(),
            ["parent_collection_name"] = ParentCollectionName,
            ["parent_collection_id"] = ParentCollectionId,
            ["parent_association_name"] = ParentAssociationName,
            ["all_records"] = allRecords,
            ["all_records_subset_query"] = allRecords && SubsetQuery.ValueKind == JsonValueKind.Object ? JsonNode.Parse(SubsetQuery.GetRawText()) : null,
            ["all_records_ids_excluded"] = new JsonArray([.. (allRecords ? ExcludedIds : []).Select(id => (JsonNode)id)]),
            ["smart_action_id"] = action.Id,
        };
        return new JsonObject { ["data"] = new JsonObject { ["type"] = "custom-action-requests", ["attributes"] = attributes } }.ToJsonString();
    }

    public string? CollectionName { get; init; }

    public IReadOnlyList<string> Ids { get; init; } = [];

    public JsonElement Values { get; init; }

    public string? ParentCollectionName { get; init; }

    public string? ParentCollectionId { get; init; }

    public string? ParentAssociationName { get; init; }

    public bool AllRecords { get; init; }

    public JsonElement SubsetQuery { get; init; }

    public IReadOnlyList<string> ExcludedIds { get; init; } = [];

    public string? SmartActionId { get; init; }

    public bool HasParent => ParentCollectionName is not null || ParentCollectionId is not null || ParentAssociationName is not null;

    /// <summary>Reads a parsed body; every problem is a 4xx naming the key.</summary>
    public static SmartActionRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest("The body must be a JSON:API document: {\"data\":{\"type\":\"custom-action-requests\",\"attributes\":{…}}}.");
        }

        if (!data.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest("data.attributes must be an object holding ids, values and collection_name.");
        }

        return FromAttributes(attributes, "data.attributes");
    }

    /// <summary>Reads the attributes object (<paramref name="path"/> names it in messages).</summary>
    protected static SmartActionRequest FromAttributes(JsonElement attributes, string path)
    {
        if (attributes.TryGetProperty("requester_id", out _))
        {
            throw new ForestRequestException(422, ForestErrorNames.Unprocessable, "data.attributes.requester_id is not accepted in a request: the requester is always the authenticated user.");
        }

        if (attributes.TryGetProperty("signed_approval_request", out var signed) && signed.ValueKind != JsonValueKind.Null)
        {
            throw ForestRequestException.BadRequest("signed_approval_request is not accepted: approvals are decided with POST /forest/approvals/{id}/approve, which runs the stored request.");
        }

        var values = attributes.TryGetProperty("values", out var v) ? v : default;
        if (values.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            throw ForestRequestException.BadRequest($"{path}.values must be an object mapping field names to values.");
        }

        return new SmartActionRequest
        {
            CollectionName = OptionalString(attributes, "collection_name", path),
            Ids = IdList(attributes, "ids", path),
            Values = values,
            ParentCollectionName = OptionalString(attributes, "parent_collection_name", path),
            ParentCollectionId = OptionalString(attributes, "parent_collection_id", path, allowNumber: true),
            ParentAssociationName = OptionalString(attributes, "parent_association_name", path),
            AllRecords = OptionalBool(attributes, "all_records", path),
            SubsetQuery = attributes.TryGetProperty("all_records_subset_query", out var subset) ? subset : default,
            ExcludedIds = IdList(attributes, "all_records_ids_excluded", path),
            SmartActionId = OptionalString(attributes, "smart_action_id", path),
        };
    }

    protected static string? OptionalString(JsonElement attributes, string key, string path, bool allowNumber = false)
    {
        if (!attributes.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when allowNumber => value.GetRawText(),
            _ => throw ForestRequestException.BadRequest($"{path}.{key} must be a string."),
        };
    }

    private static bool OptionalBool(JsonElement attributes, string key, string path)
    {
        if (!attributes.TryGetProperty(key, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw ForestRequestException.BadRequest($"{path}.{key} must be true or false."),
        };
    }

    /// <summary>
    /// A call made of a tool's arguments (MCP): the ids, the values, and a condition tree as the filter of a
    /// select-all; each problem is a 400 naming the argument.
    /// </summary>
    public static SmartActionRequest FromArguments(SmartActionDescriptor action, JsonElement ids, JsonElement values, JsonObject? filter)
    {
        if (values.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            throw ForestRequestException.BadRequest("The argument 'values' must be an object mapping field names to values.");
        }

        return new SmartActionRequest
        {
            CollectionName = action.Collection,
            Ids = IdList(ids, "The argument 'ids'"),
            Values = values,
            AllRecords = filter is not null,
            SubsetQuery = filter is { Count: > 0 } tree ? JsonSerializer.SerializeToElement(new { filters = tree.ToJsonString() }) : default,
            SmartActionId = action.Id,
        };
    }

    /// <summary>Ids are strings; integers are accepted too. Duplicates are dropped, order kept.</summary>
    protected static List<string> IdList(JsonElement attributes, string key, string path) =>
        attributes.TryGetProperty(key, out var value) ? IdList(value, $"{path}.{key}") : [];

    private static List<string> IdList(JsonElement value, string name)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ForestRequestException.BadRequest($"{name} must be an array of id strings.");
        }

        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var id = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number when item.TryGetInt64(out _) => item.GetRawText(),
                _ => throw ForestRequestException.BadRequest($"{name} must only hold id strings; found {item.ValueKind.ToString().ToLowerInvariant()}."),
            };
            if (seen.Add(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
