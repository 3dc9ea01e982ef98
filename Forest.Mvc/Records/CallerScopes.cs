namespace Forest.Mvc.Records;

/// <summary>
/// The caller's scopes, by collection name: the part of each collection the caller may reach. Applied to the
/// collection that is read or acted on, to a parent record (related data), and inside every filter that goes
/// through a relation to a scoped collection.
/// </summary>
internal sealed class CallerScopes(IReadOnlyDictionary<string, ConditionNode> byCollection)
{
    /// <summary>No scope: the caller reaches every record (Development, or no scope stored).</summary>
    public static CallerScopes None { get; } = new(new Dictionary<string, ConditionNode>(StringComparer.Ordinal));

    /// <summary>The scope on <paramref name="collection"/>, if any.</summary>
    public ConditionNode? Of(string collection) => byCollection.TryGetValue(collection, out var scope) ? scope : null;
}
