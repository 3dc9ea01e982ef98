using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>
/// Declares one field of a smart action's form directly on the action method, for quick forms without a class.
/// Fields appear in the schema in declaration order; their values are type-checked on the server before the
/// action runs and are read with <see cref="SmartActionValues"/>.
/// </summary>
/// <example>
/// <code>
/// [SmartAction("Add new transaction")]
/// [ActionField("Beneficiary company", Reference = "companies.id")]
/// [ActionField("Amount", FieldType.Number, IsRequired = true)]
/// public async Task&lt;IActionResult&gt; AddNewTransaction(CancellationToken ct) { ... }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class ActionFieldAttribute : Attribute
{
    /// <summary>Declares a field.</summary>
    /// <param name="field">The field's name: its label and its key in <c>values</c>.</param>
    /// <param name="type">The field's type; a <see cref="Reference"/> field takes the type of the target's key.</param>
    public ActionFieldAttribute(string field, FieldType type = FieldType.String)
    {
        Field = field;
        Type = type;
    }

    /// <summary>The field's name: its label and its key in <c>values</c>.</summary>
    public string Field { get; }

    /// <summary>The field's type.</summary>
    public FieldType Type { get; }

    /// <summary>Whether the field holds a list of values of <see cref="Type"/> (schema type <c>["String"]</c>…).</summary>
    public bool IsList { get; set; }

    /// <summary>Whether a value is required.</summary>
    public bool IsRequired { get; set; }

    /// <summary>Whether the field is shown read-only.</summary>
    public bool IsReadOnly { get; set; }

    /// <summary>Help text shown under the field.</summary>
    public string? Description { get; set; }

    /// <summary>The allowed values of an <see cref="FieldType.Enum"/> field.</summary>
    public string[]? Enums { get; set; }

    /// <summary>A record picker: <c>"&lt;collection&gt;.&lt;primary key field&gt;"</c>, e.g. <c>"companies.id"</c>.</summary>
    public string? Reference { get; set; }

    /// <summary>The prefilled value, as it would be sent back (a string, or a number for Number fields).</summary>
    public object? DefaultValue { get; set; }

    /// <summary>The widget used to edit the field (e.g. <c>"text area"</c>).</summary>
    public string? Widget { get; set; }

    /// <summary>Hides the value in the activity log and in approval requests.</summary>
    public bool Redact { get; set; }
}
