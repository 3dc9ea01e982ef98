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

    /// <summary>
    /// Runs the action as a background job: the call is checked as usual (token, body, permissions, approval, form
    /// values), then answers at once with the job's id, and the method runs on the job engine, where it reports its
    /// progress and can be cancelled.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Background { get; set; }

    /// <summary>
    /// The rate limit of the action's calls, per user: the name of a policy of <c>Forest:RateLimits</c> (see
    /// <see cref="ForestOptions.RateLimits"/>). Without it, the <c>default</c> policy applies when configured.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? RateLimitPolicy { get; set; }

    /// <summary>
    /// For a <see cref="Background"/> action: it may safely run again from the start (it is idempotent), so a job cut
    /// short by a crash is run again instead of being marked interrupted.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Resumable { get; set; }

    /// <summary>
    /// The action destroys or blocks something (suspend, ban, refund, delete): the console styles it as dangerous and
    /// its confirmation says what it will do to how many records ("Suspend 87 companies?"). It changes no permission.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Destructive { get; set; }

    /// <inheritdoc />
    public string? Description { get; set; }

    /// <inheritdoc />
    public string? SubmitButtonLabel { get; set; }
}
