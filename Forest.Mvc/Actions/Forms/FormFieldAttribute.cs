using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>
/// Describes a property of a form class as a field of the action's form. Optional: every public settable property
/// is a field; its name is the property name, and it is required when its type is not nullable.
/// </summary>
/// <example>
/// <code>
/// public sealed class ChargeForm
/// {
///     [FormField("amount", Description = "The amount (USD) to charge the credit card.")]
///     public decimal Amount { get; set; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FormFieldAttribute : Attribute
{
    /// <summary>Keeps the property name as the field name.</summary>
    public FormFieldAttribute()
    {
    }

    /// <summary>Names the field (its label and its key in <c>values</c>), e.g. "Beneficiary company".</summary>
    /// <param name="name">The field name.</param>
    public FormFieldAttribute(string name) => Name = name;

    /// <summary>The field name, or <see langword="null"/> for the property name.</summary>
    public string? Name { get; }

    /// <summary>Help text shown under the field.</summary>
    public string? Description { get; set; }

    /// <summary>Forces the field to be required even when its type is nullable.</summary>
    public bool IsRequired { get; set; }

    /// <summary>Shows the field read-only.</summary>
    public bool IsReadOnly { get; set; }

    /// <summary>The prefilled value (a string, number or boolean).</summary>
    public object? DefaultValue { get; set; }

    /// <summary>The allowed values of a text field shown as a list (the field becomes an <c>Enum</c>).</summary>
    public string[]? Enums { get; set; }

    /// <summary>The widget (e.g. <c>"text area"</c>, <c>"file picker"</c>); written as <c>widget</c> and <c>widgetEdit</c>.</summary>
    public string? Widget { get; set; }

    /// <summary>For files: the largest accepted size in bytes (default: <c>Forest:MaxFileBytes</c>).</summary>
    public long MaxFileBytes { get; set; }

    /// <summary>Hides the value in the activity log and in approval requests (e.g. a card number).</summary>
    public bool Redact { get; set; }
}

/// <summary>Makes a form property a record picker of a collection; the value is the picked record's id.</summary>
/// <example><c>[Reference("companies")] public int? BeneficiaryCompany { get; set; }</c></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class ReferenceAttribute : Attribute
{
    /// <summary>Declares the reference.</summary>
    /// <param name="collection">The collection name, e.g. <c>companies</c>.</param>
    public ReferenceAttribute(string collection) => Collection = collection;

    /// <summary>The collection name.</summary>
    public string Collection { get; }
}

/// <summary>
/// Marks a controller method as the load hook of a smart action's form: it runs when the form opens
/// (<c>POST &lt;endpoint&gt;/hooks/load</c>) and may prefill or change fields, e.g. from the selected record.
/// It may take <see cref="ActionForm"/>, <see cref="ForestUser"/> and <see cref="CancellationToken"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class LoadHookAttribute : Attribute
{
    /// <summary>Declares the load hook of an action.</summary>
    /// <param name="action">The name of the action method, e.g. <c>nameof(Refund)</c>.</param>
    public LoadHookAttribute(string action) => Action = action;

    /// <summary>The action method name.</summary>
    public string Action { get; }
}

/// <summary>
/// Marks a controller method as a change hook of a smart action's form: it runs when one of the watched fields
/// changes (<c>POST &lt;endpoint&gt;/hooks/change</c>) and may change other fields (values, options,
/// visibility, read-only, required).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ChangeHookAttribute : Attribute
{
    /// <summary>
    /// Watches every field that has no change hook of its own: <c>[ChangeHook(nameof(Refund), ChangeHookAttribute.AnyField)]</c>.
    /// An action has at most one such hook.
    /// </summary>
    public const string AnyField = "*";

    /// <summary>Declares a change hook.</summary>
    /// <param name="action">The name of the action method.</param>
    /// <param name="fields">The fields whose change runs the hook, or <see cref="AnyField"/>.</param>
    public ChangeHookAttribute(string action, params string[] fields)
    {
        Action = action;
        Fields = fields;
    }

    /// <summary>The action method name.</summary>
    public string Action { get; }

    /// <summary>The watched fields.</summary>
    public IReadOnlyList<string> Fields { get; }
}

/// <summary>
/// Marks a controller method as the search hook of one field of a smart action's form: the field is shown as a
/// searchable dropdown, and as the user types (<c>POST &lt;endpoint&gt;/hooks/search</c>) the hook reads
/// <see cref="ActionForm.SearchValue"/> and sets the field's <see cref="FormFieldState.Options"/>. It takes the same
/// parameters as the other hooks.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SearchHookAttribute : Attribute
{
    /// <summary>Declares the search hook of a field.</summary>
    /// <param name="action">The name of the action method.</param>
    /// <param name="field">The field whose options it searches.</param>
    public SearchHookAttribute(string action, string field)
    {
        Action = action;
        Field = field;
    }

    /// <summary>The action method name.</summary>
    public string Action { get; }

    /// <summary>The searched field.</summary>
    public string Field { get; }
}

/// <summary>An option of a dropdown: the value sent with the form, and the text shown.</summary>
/// <param name="Value">The value.</param>
/// <param name="Label">The text shown.</param>
public sealed record FieldOption(string Value, string Label);

