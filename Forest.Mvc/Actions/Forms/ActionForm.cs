using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>
/// The form of an action as a hook sees it: a fresh copy of the declared fields for each request, with the values
/// being edited. A hook changes values, options, visibility, read-only and required flags; the front-end then
/// shows the form the hook returns.
/// </summary>
public sealed class ActionForm
{
    internal ActionForm(IReadOnlyList<FormFieldState> fields, string? changedField)
    {
        Fields = fields;
        ChangedField = changedField;
    }

    /// <summary>In a change hook: the field whose change ran the hook.</summary>
    public string? ChangedField { get; }

    /// <summary>In a search hook: the field whose options are searched.</summary>
    public string? SearchField { get; internal init; }

    /// <summary>In a search hook: what the user typed (empty when nothing yet).</summary>
    public string SearchValue { get; internal init; } = "";

    /// <summary>The fields, in form order.</summary>
    public IReadOnlyList<FormFieldState> Fields { get; }

    /// <summary>
    /// The layout of the form: the declared one (<see cref="IFormLayout"/>) to begin with; a hook may set another
    /// (Forest's front-end expects the load hook to return it, and every change hook to repeat it).
    /// </summary>
    public FormLayout? Layout { get; set; }

    /// <summary>A field by name.</summary>
    /// <param name="field">The field name.</param>
    /// <exception cref="KeyNotFoundException">The form has no such field.</exception>
    public FormFieldState this[string field] => Fields.FirstOrDefault(f => f.Field == field)
        ?? throw new KeyNotFoundException($"The form has no field '{field}' (fields: {string.Join(", ", Fields.Select(f => f.Field))}).");

    internal static ActionForm Create(SmartActionDescriptor action, IReadOnlyDictionary<string, JsonElement> values, string? changedField, string? searchField = null, string searchValue = "") =>
        new([.. action.Fields.Select(f => new FormFieldState(f, values.TryGetValue(f.Field, out var v) ? JsonNode.Parse(v.GetRawText()) : Default(f)))], changedField)
        {
            Layout = action.Layout,
            SearchField = searchField,
            SearchValue = searchValue,
        };

    private static JsonNode? Default(ActionFieldDescriptor field) =>
        field.DefaultValue is null ? null : JsonSerializer.SerializeToNode(field.DefaultValue);
}

/// <summary>One field of an <see cref="ActionForm"/>, as a hook may change it.</summary>
public sealed class FormFieldState
{
    internal FormFieldState(ActionFieldDescriptor descriptor, JsonNode? value)
    {
        Descriptor = descriptor;
        Value = value;
        IsRequired = descriptor.IsRequired;
        IsReadOnly = descriptor.IsReadOnly;
        Description = descriptor.Description;
        Enums = descriptor.Enums?.ToList();
    }

    /// <summary>The field name.</summary>
    public string Field => Descriptor.Field;

    /// <summary>The current value; assign numbers, text or booleans directly (<c>form["Amount"].Value = 42;</c>).</summary>
    public JsonNode? Value { get; set; }

    /// <summary>Whether the field is shown as required.</summary>
    public bool IsRequired { get; set; }

    /// <summary>Whether the field is shown read-only.</summary>
    public bool IsReadOnly { get; set; }

    /// <summary>Whether the field is shown at all; hidden fields are left out of the form.</summary>
    public bool IsVisible { get; set; } = true;

    /// <summary>The help text.</summary>
    public string? Description { get; set; }

    /// <summary>The options of an Enum field; a value no longer among them is cleared.</summary>
    public IList<string>? Enums { get; set; }

    /// <summary>The options of a searchable dropdown (a field with a <see cref="SearchHookAttribute"/>), set by its search hook.</summary>
    public IList<FieldOption>? Options { get; set; }

    /// <summary>The current value as text, or <see langword="null"/>.</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => Value.ToJsonString(),
    };

    internal ActionFieldDescriptor Descriptor { get; }
}
