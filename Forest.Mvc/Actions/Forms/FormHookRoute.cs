using Forest.Mvc.Actions;

namespace Forest.Mvc.Forms;

/// <summary>The three form hooks of an action.</summary>
internal enum HookKind
{
    Load,
    Change,
    Search,
}

/// <summary>Marks an MVC action (and its endpoint) as a form hook route of a smart action.</summary>
/// <param name="Action">The smart action.</param>
/// <param name="Kind">The hook.</param>
internal sealed record FormHookRoute(SmartActionDescriptor Action, HookKind Kind)
{
    /// <summary>The route's path: the action's endpoint, then <c>/hooks/load</c>, <c>/hooks/change</c> or <c>/hooks/search</c>.</summary>
    public string Path => Action.Endpoint.TrimEnd('/') + "/hooks/" + Kind.ToString().ToLowerInvariant();
}
