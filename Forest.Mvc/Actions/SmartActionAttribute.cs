using Forest.Mvc.Actions;

namespace Forest.Mvc;

/// <summary>
/// Declares a method of a <see cref="SmartActionsController{TEntity}"/> as a smart action. Discovery gives it a
/// route, authentication, the request pipeline and a place in the schema; the method itself only holds the
/// business logic.
/// </summary>
/// <example>
/// <code>
/// [SmartAction("Mark as Live", Type = ActionType.Single)]
/// public async Task&lt;IActionResult&gt; MarkAsLive(CancellationToken ct) { ... }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SmartActionAttribute : Attribute, ISmartActionMetadata
{
    /// <summary>Declares a smart action with the given display name.</summary>
    /// <param name="name">The label shown to users, unique within the collection.</param>
    public SmartActionAttribute(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <value>Defaults to <see cref="ActionType.Bulk"/>.</value>
    public ActionType Type { get; set; } = ActionType.Bulk;

    /// <inheritdoc />
    /// <value>Defaults to <see langword="null"/>: <c>/forest/actions/&lt;dasherized name&gt;</c>.</value>
    public string? Endpoint { get; set; }

    /// <inheritdoc />
    /// <value>Defaults to <see langword="null"/>: POST.</value>
    public string? HttpMethod { get; set; }

    /// <inheritdoc />
    public bool Download { get; set; }

    /// <inheritdoc />
    public string? Description { get; set; }

    /// <inheritdoc />
    public string? SubmitButtonLabel { get; set; }
}
