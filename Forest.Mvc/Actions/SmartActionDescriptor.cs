using System.Reflection;
using Forest.Mvc.Forms;

namespace Forest.Mvc.Actions;

/// <summary>One smart action, resolved once at startup from its declaration.</summary>
internal sealed class SmartActionDescriptor
{
    /// <summary>The schema id, <c>&lt;collection&gt;-&lt;dasherized name&gt;</c>, also expected in <c>smart_action_id</c>.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required ActionType Type { get; init; }

    /// <summary>The route, always starting with <c>/</c>.</summary>
    public required string Endpoint { get; init; }

    public required string HttpMethod { get; init; }

    public bool Download { get; init; }

    /// <summary>The action's rate limit policy (<c>Forest:RateLimits</c>), if it names one.</summary>
    public string? RateLimitPolicy { get; init; }

    /// <summary>Whether the action runs as a background job.</summary>
    public bool Background { get; init; }

    /// <summary>Whether a background job of the action is run again after a crash (else it is marked interrupted).</summary>
    public bool Resumable { get; init; }

    /// <summary>Whether the console shows the action as destructive.</summary>
    public bool Destructive { get; init; }

    public string? Description { get; init; }

    public string? SubmitButtonLabel { get; init; }

    public required string Collection { get; init; }

    public required Type EntityType { get; init; }

    public required MethodInfo Method { get; init; }

    public required IReadOnlyList<ActionFieldDescriptor> Fields { get; init; }

    /// <summary>The form class the method receives, if it takes one.</summary>
    public Type? FormType { get; init; }

    /// <summary>The layout declared by the form class (<see cref="IFormLayout"/>), if any.</summary>
    public FormLayout? Layout { get; init; }

    /// <summary>The load hook, if any (set by discovery).</summary>
    public FormHookDescriptor? LoadHook { get; set; }

    /// <summary>The change hooks, by name (set by discovery).</summary>
    public IReadOnlyList<FormHookDescriptor> ChangeHooks { get; set; } = [];

    /// <summary>The search hooks, one per searchable field (<see cref="FormHookDescriptor.Fields"/> holds it).</summary>
    public IReadOnlyList<FormHookDescriptor> SearchHooks { get; set; } = [];

    /// <summary><c>Namespace.Controller.Method</c>, for messages.</summary>
    public string DisplayName => $"{Method.DeclaringType?.FullName}.{Method.Name}";

    /// <summary>The type names written in <c>type</c> of the schema: <c>bulk</c>, <c>single</c>, <c>global</c>.</summary>
    public string WireType => Type switch
    {
        ActionType.Single => "single",
        ActionType.Global => "global",
        _ => "bulk",
    };
}

/// <summary>One form field of a smart action.</summary>
internal sealed class ActionFieldDescriptor
{
    public required string Field { get; init; }

    public required FieldType Type { get; init; }

    public bool IsList { get; init; }

    public bool IsRequired { get; init; }

    public bool IsReadOnly { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Enums { get; init; }

    /// <summary><c>"&lt;collection&gt;.&lt;pk&gt;"</c> for a record picker.</summary>
    public string? Reference { get; init; }

    public object? DefaultValue { get; init; }

    public string? Widget { get; init; }

    public int Position { get; init; }

    /// <summary>For a form class: the property the value is bound to.</summary>
    public System.Reflection.PropertyInfo? Property { get; init; }

    /// <summary>Whether the value is hidden in the activity log and approval lists.</summary>
    public bool Redact { get; init; }

    /// <summary>For files: the size limit of this field; 0 for <c>Forest:MaxFileBytes</c>.</summary>
    public long MaxFileBytes { get; init; }

    /// <summary>The change hook that runs when this field changes (set by discovery).</summary>
    public string? Hook { get; set; }

    /// <summary>The search hook of this field, which makes it a searchable dropdown (set by discovery).</summary>
    public string? SearchHook { get; set; }

    /// <summary>The schema type: <c>"Number"</c>, or a one-element array for lists.</summary>
    public object WireType
    {
        get
        {
            var name = Type.ToString();
            return IsList ? new[] { name } : name;
        }
    }
}

