using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Forms;

/// <summary>
/// Checks <c>values</c> against the declared fields on the server: type, required, enums, references that exist,
/// files (data URIs within their size limit). Every failing field is named in one 400 answer, and the action does
/// not run.
/// </summary>
internal static class ActionValuesBinder
{
    /// <param name="fields">The declared fields.</param>
    /// <param name="values">The <c>values</c> object (or undefined/null).</param>
    /// <param name="maxFileBytes">The size limit of files without a limit of their own.</param>
    /// <param name="referenceExists">Whether the record <c>(reference, id)</c> exists.</param>
    /// <param name="cancellationToken">Cancels the reference lookups.</param>
    public static async Task<SmartActionValues> BindAsync(
        IReadOnlyList<ActionFieldDescriptor> fields,
        JsonElement values,
        long maxFileBytes,
        Func<string, string, CancellationToken, Task<bool>> referenceExists,
        CancellationToken cancellationToken)
    {
        var raw = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                raw[property.Name] = property.Value;
            }
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in raw.Keys.Where(k => !fields.Any(f => f.Field == k)).Take(10))
        {
            var shown = key.Length > 64 ? key[..61] + "..." : key;
            errors[shown] = [fields.Count == 0 ? "is not a field: this action has no form." : "is not a field of this action's form."];
        }

        var bound = new Dictionary<string, JsonElement>(raw, StringComparer.Ordinal);
        var files = new Dictionary<string, IReadOnlyList<ActionFile>>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            void Fail(string message) => (errors.TryGetValue(field.Field, out var list) ? list : errors[field.Field] = []).Add(message);

            if (!raw.TryGetValue(field.Field, out var value) || IsEmpty(value))
            {
                bound.Remove(field.Field);
                if (field.IsRequired)
                {
                    Fail("is required.");
                }

                continue;
            }

            var items = field.IsList ? (value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : null) : [value];
            if (items is null)
            {
                Fail($"must be a list of {Describe(field)}.");
                continue;
            }

            var normalized = new List<JsonElement>();
            var decoded = new List<ActionFile>();
            foreach (var item in items)
            {
                if (Normalize(field, item, Fail) is not { } one)
                {
                    continue;
                }

                normalized.Add(one);
                if (field.Type == FieldType.File)
                {
                    var limit = field.MaxFileBytes > 0 ? field.MaxFileBytes : maxFileBytes;
                    if (ActionFile.TryParse(one.GetString()!, limit, out var error) is { } file)
                    {
                        decoded.Add(file);
                    }
                    else
                    {
                        Fail(error!);
                    }
                }
                else if (field.Reference is { } reference && !await referenceExists(reference, Text(one), cancellationToken).ConfigureAwait(false))
                {
                    Fail($"no record of '{reference[..reference.LastIndexOf('.')]}' has the id '{Text(one)}'.");
                }
            }

            bound[field.Field] = field.IsList ? JsonSerializer.SerializeToElement(normalized) : normalized.FirstOrDefault();
            if (field.Type == FieldType.File)
            {
                files[field.Field] = decoded;
            }
        }

        if (errors.Count > 0)
        {
            throw ForestRequestException.InvalidFields(errors);
        }

        return new SmartActionValues(bound, files);
    }

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
        || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Describe(ActionFieldDescriptor field) => field.Type switch
    {
        FieldType.Number => "numbers",
        FieldType.Boolean => "booleans",
        FieldType.File => "files",
        _ => field.Type + " values",
    };

    /// <summary>The value in its canonical JSON form, or <see langword="null"/> after reporting why it does not fit.</summary>
    private static JsonElement? Normalize(ActionFieldDescriptor field, JsonElement value, Action<string> fail)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        switch (field.Type)
        {
            case FieldType.Json:
                return value;
            case FieldType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return value;
                }

                if (bool.TryParse(text, out var flag))
                {
                    return JsonSerializer.SerializeToElement(flag);
                }

                fail("must be true or false.");
                return null;
            case FieldType.Number when field.Reference is null:
                if (text is not null && decimal.TryParse(text, NumberStyles.Float, culture, out var number))
                {
                    return JsonSerializer.SerializeToElement(number);
                }

                fail("must be a number.");
                return null;
        }

        if (text is null)
        {
            fail(field.Reference is null ? "must be a text value." : "must be the id of a record, as a string.");
            return null;
        }

        var ok = field.Type switch
        {
            _ when field.Reference is not null => true,
            FieldType.Date => DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out _),
            FieldType.Dateonly => DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out _),
            FieldType.Time => TimeOnly.TryParse(text, culture, out _),
            FieldType.Enum => field.Enums!.Contains(text, StringComparer.Ordinal),
            _ => value.ValueKind == JsonValueKind.String,
        };
        if (!ok)
        {
            fail(field.Type switch
            {
                FieldType.Date => "must be an ISO 8601 date.",
                FieldType.Dateonly => "must be a date written yyyy-MM-dd.",
                FieldType.Time => "must be a time written HH:mm or HH:mm:ss.",
                FieldType.Enum => $"must be one of {string.Join(", ", field.Enums!)}.",
                _ => "must be a text value.",
            });
            return null;
        }

        return JsonSerializer.SerializeToElement(text);
    }
}
