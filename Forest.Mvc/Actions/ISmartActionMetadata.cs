using Forest.Mvc.Actions;

namespace Forest.Mvc;

/// <summary>
/// The declaration of a smart action, as read by discovery. <see cref="SmartActionAttribute"/> implements it;
/// any other attribute implementing it is discovered the same way.
/// </summary>
public interface ISmartActionMetadata
{
    /// <summary>The label shown to users, unique within a collection (e.g. "Mark as Live").</summary>
    string Name { get; }

    /// <summary>How many records the action runs on.</summary>
    ActionType Type { get; }

    /// <summary>The route, starting with <c>/</c>; <see langword="null"/> for <c>/forest/actions/&lt;dasherized name&gt;</c>.</summary>
    string? Endpoint { get; }

    /// <summary>The HTTP method of the route; <see langword="null"/> for POST.</summary>
    string? HttpMethod { get; }

    /// <summary>Whether the action answers with a file to download.</summary>
    bool Download { get; }

    /// <summary>Text (HTML allowed) shown above the action's form.</summary>
    string? Description { get; }

    /// <summary>The label of the form's submit button (50 characters at most).</summary>
    string? SubmitButtonLabel { get; }
}
