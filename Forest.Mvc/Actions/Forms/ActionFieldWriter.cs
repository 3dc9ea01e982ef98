using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Forms;

/// <summary>
/// Writes form fields with the keys of Forest's schema (<c>field, type, defaultValue, enums, isRequired,
/// isReadOnly, reference, description, position, widget, widgetEdit, hook</c>), and hook answers
/// <c>{"fields": [...with "value"...], "layout": []}</c>.
/// </summary>
internal static class ActionFieldWriter
{
    private static readonly Dictionary<string, string> LegacyWidgets = new(StringComparer.Ordinal)
    {
        ["address"] = "address editor",
        ["belongsto select"] = "belongsto dropdown",
        ["color picker"] = "color editor",
        ["date picker"] = "date editor",
        ["price"] = "price editor",
        ["JSON editor"] = "json code editor",
        ["rich text editor"] = "rich text",
        ["text area"] = "text area editor",
        ["text input"] = "text editor",
    };

    private static readonly HashSet<string> Widgets = new(StringComparer.Ordinal)
    {
        "address editor", "belongsto typeahead", "belongsto dropdown", "boolean editor", "checkboxes", "color editor",
        "date editor", "dropdown", "embedded document editor", "file picker", "json code editor", "input array",
        "multiple select", "number input", "point editor", "price editor", "radio button", "rich text",
        "text area editor", "text editor", "time input",
    };

    /// <summary>The <c>widgetEdit</c> name of a declared widget, or <see langword="null"/> when unknown.</summary>
    public static string? WidgetEdit(string? widget) =>
        widget is null ? null : LegacyWidgets.TryGetValue(widget, out var mapped) ? mapped : Widgets.Contains(widget) ? widget : null;

    /// <summary>One field; with <paramref name="state"/>, as a hook left it (with <c>value</c>).</summary>
    public static void Write(Utf8JsonWriter writer, ActionFieldDescriptor field, FormFieldState? state = null)
    {
        var enums = state is null ? field.Enums : state.Enums?.ToList();
        writer.WriteStartObject();
        writer.WriteString(SchemaKeys.Field, field.Field);
        writer.WritePropertyName(SchemaKeys.Type);
        JsonSerializer.Serialize(writer, field.WireType);
        if (state is not null)
        {
            writer.WritePropertyName(SchemaKeys.Value);
            WriteNode(writer, KeepIfAllowed(state.Value, enums, field.IsList));
        }

        writer.WritePropertyName(SchemaKeys.DefaultValue);
        JsonSerializer.Serialize(writer, field.DefaultValue);
        SchemaJson.WriteStrings(writer, SchemaKeys.Enums, enums);
        writer.WriteBoolean(SchemaKeys.IsRequired, state?.IsRequired ?? field.IsRequired);
        writer.WriteBoolean(SchemaKeys.IsReadOnly, state?.IsReadOnly ?? field.IsReadOnly);
        SchemaJson.WriteNullableString(writer, SchemaKeys.Reference, field.Reference);
        SchemaJson.WriteNullableString(writer, SchemaKeys.Description, state is null ? field.Description : state.Description);
        writer.WriteNumber(SchemaKeys.Position, field.Position);
        SchemaJson.WriteNullableString(writer, SchemaKeys.Widget, field.Widget);
        if (field.SearchHook is not null)
        {
            WriteSearchableDropdown(writer, state?.Options);
        }
        else if (WidgetEdit(field.Widget) is { } widget)
        {
            writer.WriteStartObject(SchemaKeys.WidgetEdit);
            writer.WriteString(SchemaKeys.Name, widget);
            writer.WriteStartObject(SchemaKeys.Parameters);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(SchemaKeys.WidgetEdit);
        }

        SchemaJson.WriteNullableString(writer, SchemaKeys.Hook, field.Hook);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>widgetEdit</c> of a field with a search hook: a dropdown searched on the server (<c>searchType: "dynamic"</c>),
    /// with the options its search hook set (<c>{value, label}</c>).
    /// </summary>
    private static void WriteSearchableDropdown(Utf8JsonWriter writer, IList<FieldOption>? options)
    {
        writer.WriteStartObject("widgetEdit");
        writer.WriteString("name", "dropdown");
        writer.WriteStartObject("parameters");
        writer.WriteString("searchType", "dynamic");
        writer.WriteBoolean("isSearchable", true);
        writer.WriteNull("placeholder");
        writer.WriteStartObject("static");
        writer.WriteStartArray("options");
        foreach (var option in options ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("value", option.Value);
            writer.WriteString("label", option.Label);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The answer of a hook: the visible fields of <paramref name="form"/>, and its layout (<c>[]</c> without layout elements).</summary>
    public static byte[] WriteForm(ActionForm form, SmartActionDescriptor action)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = ForestJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("fields");
            foreach (var state in form.Fields.Where(f => f.IsVisible))
            {
                Write(writer, state.Descriptor, state);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("layout");
            if (form.Layout is { HasLayoutElements: true } layout)
            {
                // The declared layout was checked at startup; one a hook set is checked here.
                var problems = ReferenceEquals(layout, action.Layout) ? [] : layout.Problems([.. form.Fields.Select(f => f.Field)]);
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException($"A hook of the action '{action.Name}' set a wrong layout: {string.Join("; ", problems)}.");
                }

                var shown = form.Fields.Where(f => f.IsVisible).Select(f => f.Field).ToHashSet(StringComparer.Ordinal);
                layout.Write(writer, shown.Contains);
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>A value outside the current options is cleared (for lists, the values outside are dropped).</summary>
    private static JsonNode? KeepIfAllowed(JsonNode? value, IReadOnlyList<string>? enums, bool isList)
    {
        if (enums is null || value is null)
        {
            return value;
        }

        bool Allowed(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) && enums.Contains(text);
        if (isList && value is JsonArray array)
        {
            return new JsonArray([.. array.Where(Allowed).Select(n => n!.DeepClone())]);
        }

        return Allowed(value) ? value : null;
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }
}
