namespace Forest.Mvc;

/// <summary>
/// A smart action as integrations see it: attached as endpoint metadata to the action's route and to its form hook
/// routes, and listed by <see cref="ForestModel"/>. Immutable, built once at startup from the declaration. An
/// OpenAPI generator reads it from <c>EndpointMetadata</c> (the <c>Forest.Mvc.Swashbuckle</c> package does nothing more).
/// </summary>
public sealed class ForestActionDescriptor
{
    internal ForestActionDescriptor(string id, string name, ActionType type, string route, string httpMethod, ForestCollectionDescriptor collection, string? description, string? submitButtonLabel, bool isDownload, bool isBackground, bool isResumable, ForestFormDescriptor form, bool isDestructive = false)
    {
        IsDestructive = isDestructive;
        Id = id;
        Name = name;
        Type = type;
        Route = route;
        HttpMethod = httpMethod;
        Collection = collection;
        Description = description;
        SubmitButtonLabel = submitButtonLabel;
        IsDownload = isDownload;
        IsBackground = isBackground;
        IsResumable = isResumable;
        Form = form;
    }

    /// <summary>The schema id, <c>&lt;collection&gt;-&lt;dasherized name&gt;</c>, also sent as <c>smart_action_id</c>.</summary>
    public string Id { get; }

    /// <summary>The name shown in the actions menu (<c>Mark as Live</c>).</summary>
    public string Name { get; }

    /// <summary>Single, bulk or global.</summary>
    public ActionType Type { get; }

    /// <summary>The route, starting with <c>/</c> (<c>/forest/actions/mark-as-live</c>).</summary>
    public string Route { get; }

    /// <summary>The HTTP method of the route (<c>POST</c> unless declared otherwise).</summary>
    public string HttpMethod { get; }

    /// <summary>The collection the action runs on.</summary>
    public ForestCollectionDescriptor Collection { get; }

    /// <summary>The description shown with the action, if any.</summary>
    public string? Description { get; }

    /// <summary>The label of the form's submit button, if set.</summary>
    public string? SubmitButtonLabel { get; }

    /// <summary>Whether the action answers a file (download).</summary>
    public bool IsDownload { get; }

    /// <summary>Whether the action runs as a background job (answered 200 at once, with its job).</summary>
    public bool IsBackground { get; }

    /// <summary>Whether a background run cut short (its instance stopped) is run again from the start.</summary>
    public bool IsResumable { get; }

    /// <summary>Whether the action is declared destructive (<see cref="SmartActionAttribute.Destructive"/>).</summary>
    public bool IsDestructive { get; }

    /// <summary>The action's form: its fields (empty without a form), layout and hooks.</summary>
    public ForestFormDescriptor Form { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Collection.Name})";
}

/// <summary>The form of a smart action.</summary>
public sealed class ForestFormDescriptor
{
    internal ForestFormDescriptor(Type? formType, IReadOnlyList<ForestActionFieldDescriptor> fields, FormLayout? layout, bool hasLoadHook, IReadOnlyList<string> changeHooks)
    {
        FormType = formType;
        Fields = fields;
        Layout = layout;
        HasLoadHook = hasLoadHook;
        ChangeHooks = changeHooks;
    }

    /// <summary>The form class the method receives, if it takes one.</summary>
    public Type? FormType { get; }

    /// <summary>The fields, in the form's order; empty for an action without a form.</summary>
    public IReadOnlyList<ForestActionFieldDescriptor> Fields { get; }

    /// <summary>The layout (pages, rows, HTML blocks) the form class declares, if any.</summary>
    public FormLayout? Layout { get; }

    /// <summary>Whether a load hook fills the form when it opens.</summary>
    public bool HasLoadHook { get; }

    /// <summary>The names of the change hooks.</summary>
    public IReadOnlyList<string> ChangeHooks { get; }
}

/// <summary>One field of a smart action's form, with the type its value must have.</summary>
public sealed class ForestActionFieldDescriptor
{
    internal ForestActionFieldDescriptor(string name, FieldType type, bool isList, bool isRequired, bool isReadOnly, string? description, IReadOnlyList<string>? enums, string? reference, string? widget, bool isRedacted, string? changeHook, string? searchHook, object? defaultValue)
    {
        DefaultValue = defaultValue;
        Name = name;
        Type = type;
        IsList = isList;
        IsRequired = isRequired;
        IsReadOnly = isReadOnly;
        Description = description;
        Enums = enums;
        Reference = reference;
        Widget = widget;
        IsRedacted = isRedacted;
        ChangeHook = changeHook;
        SearchHook = searchHook;
    }

    /// <summary>The key of the value in <c>values</c>.</summary>
    public string Name { get; }

    /// <summary>The Forest type of the value (of each item for a list).</summary>
    public FieldType Type { get; }

    /// <summary>Whether the value is a list.</summary>
    public bool IsList { get; }

    /// <summary>Whether a value is required.</summary>
    public bool IsRequired { get; }

    /// <summary>Whether the field is shown read only.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The help text, if any.</summary>
    public string? Description { get; }

    /// <summary>The allowed values of an enum field; <see langword="null"/> otherwise.</summary>
    public IReadOnlyList<string>? Enums { get; }

    /// <summary>For a record picker, <c>&lt;collection&gt;.&lt;primary key&gt;</c>: the value is the id of a record of that collection.</summary>
    public string? Reference { get; }

    /// <summary>The value the form starts with, if one is declared.</summary>
    public object? DefaultValue { get; }

    /// <summary>The widget the console uses, if one is set.</summary>
    public string? Widget { get; }

    /// <summary>Whether the value is hidden in the activity log and approval lists.</summary>
    public bool IsRedacted { get; }

    /// <summary>The change hook that runs when the field changes, if any.</summary>
    public string? ChangeHook { get; }

    /// <summary>The search hook that makes the field a searchable dropdown, if any.</summary>
    public string? SearchHook { get; }
}
