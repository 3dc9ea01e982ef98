using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Forms;

/// <summary>
/// The body of <c>/hooks/load</c> and <c>/hooks/change</c>: the selection of an action call, plus the form being
/// edited (<c>fields</c> with their <c>value</c>, or <c>values</c>) and <c>changed_field</c>. The legacy top-level
/// shape (<c>recordIds, collectionName, fields, changedField</c>) is accepted too.
/// </summary>
internal sealed record FormHookRequest : SmartActionRequest
{
    private FormHookRequest(SmartActionRequest request)
        : base(request)
    {
    }

    public string? ChangedField { get; private init; }

    /// <summary>For <c>/hooks/search</c>: the field whose options are searched (<c>search_field</c>).</summary>
    public string? SearchField { get; private init; }

    /// <summary>The <c>searchValue</c> each field carries (what the user typed in a searchable dropdown).</summary>
    public IReadOnlyDictionary<string, string> SearchValues { get; private init; } = new Dictionary<string, string>();

    /// <summary>The current value of each field of the form, as the front-end sent it.</summary>
    public IReadOnlyDictionary<string, JsonElement> FieldValues { get; private init; } = new Dictionary<string, JsonElement>();

    /// <summary>A hook call on the selection of <paramref name="request"/>, with the form as declared (no values edited yet).</summary>
    public static FormHookRequest For(SmartActionRequest request) => new(request);

    public static new FormHookRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest("The body must be a JSON object: {\"data\":{\"attributes\":{…}}}.");
        }

        if (root.TryGetProperty("data", out var data))
        {
            if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
            {
                throw ForestRequestException.BadRequest("data.attributes must be an object holding ids, collection_name and the form's fields.");
            }

            return Read(FromAttributes(attributes, "data.attributes"), attributes, "changed_field", "data.attributes");
        }

        // Legacy shape, sent by clients before 2021.
        var legacy = new SmartActionRequest
        {
            CollectionName = OptionalString(root, "collectionName", "body"),
            Ids = IdList(root, "recordIds", "body"),
        };
        return Read(legacy, root, "changedField", "body");
    }

    private static FormHookRequest Read(SmartActionRequest basic, JsonElement container, string changedKey, string path)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var searches = new Dictionary<string, string>(StringComparer.Ordinal);
        if (basic.Values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in basic.Values.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }
        }

        if (container.TryGetProperty("fields", out var fields) && fields.ValueKind != JsonValueKind.Null)
        {
            if (fields.ValueKind != JsonValueKind.Array)
            {
                throw ForestRequestException.BadRequest($"{path}.fields must be the array of the form's fields.");
            }

            foreach (var field in fields.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty("field", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw ForestRequestException.BadRequest($"{path}.fields must hold objects with a 'field' name.");
                }

                if (field.TryGetProperty("value", out var value))
                {
                    values[name.GetString()!] = value.Clone();
                }

                if (field.TryGetProperty("searchValue", out var search) && search.ValueKind == JsonValueKind.String)
                {
                    searches[name.GetString()!] = search.GetString() is { Length: > 200 } text ? text[..200] : search.GetString()!;
                }
            }
        }

        return new FormHookRequest(basic)
        {
            ChangedField = OptionalString(container, changedKey, path),
            SearchField = OptionalString(container, "search_field", path),
            FieldValues = values,
            SearchValues = searches,
        };
    }
}
