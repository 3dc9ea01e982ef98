using Forest.Mvc.Actions;
using Forest.Mvc.Discovery;
using Forest.Mvc.Schema;

namespace Forest.Mvc;

/// <summary>
/// Every collection and smart action of the application, as integrations see them: a singleton service (inject it),
/// built once from the registry at startup. The same descriptors are attached as endpoint metadata to each route.
/// </summary>
public sealed class ForestModel
{
    private readonly Dictionary<string, ForestCollectionDescriptor> _collections;
    private readonly Dictionary<SmartActionDescriptor, ForestActionDescriptor> _actions;
    private readonly Dictionary<ForestActionDescriptor, SmartActionDescriptor> _declared;

    internal ForestModel(ForestRegistry registry)
    {
        _collections = registry.Collections.ToDictionary(c => c.Name, Describe, StringComparer.Ordinal);
        _actions = registry.Actions.ToDictionary(a => a, a => Describe(a, _collections[a.Collection]));
        _declared = _actions.ToDictionary(pair => pair.Value, pair => pair.Key);
        Collections = [.. _collections.Values];
        Actions = [.. _actions.Values];
    }

    /// <summary>The collections, in the schema's order.</summary>
    public IReadOnlyList<ForestCollectionDescriptor> Collections { get; }

    /// <summary>The smart actions of every collection.</summary>
    public IReadOnlyList<ForestActionDescriptor> Actions { get; }

    /// <summary>The collection of this wire name, or <see langword="null"/>.</summary>
    /// <param name="name">The collection's name (<c>companies</c>).</param>
    /// <returns>Its descriptor, or <see langword="null"/>.</returns>
    public ForestCollectionDescriptor? FindCollection(string name) => _collections.GetValueOrDefault(name);

    /// <summary>The action of this collection and name, or <see langword="null"/>.</summary>
    /// <param name="collection">The collection's name.</param>
    /// <param name="name">The action's name (<c>Mark as Live</c>).</param>
    /// <returns>Its descriptor, or <see langword="null"/>.</returns>
    public ForestActionDescriptor? FindAction(string collection, string name) =>
        Actions.FirstOrDefault(a => a.Collection.Name == collection && a.Name == name);

    internal ForestActionDescriptor Of(SmartActionDescriptor action) => _actions[action];

    /// <summary>The library's own descriptor of a public one.</summary>
    internal SmartActionDescriptor Of(ForestActionDescriptor action) => _declared[action];

    private static ForestCollectionDescriptor Describe(CollectionDescriptor collection) => new(
        collection.Name,
        collection.ClrType,
        [.. collection.Fields.Select(f => new ForestFieldDescriptor(f.Name, f.ClrType, f.ForestType, f.IsPrimaryKey, f.IsRequired, f.IsReadOnly, f.Enums))],
        [.. collection.Relationships.Select(r => new ForestRelationshipDescriptor(r.Name, r.Kind.ToString(), r.TargetCollection))],
        [.. collection.Segments.Keys.Order(StringComparer.Ordinal)],
        collection.ReferenceField?.Name);

    private static ForestActionDescriptor Describe(SmartActionDescriptor action, ForestCollectionDescriptor collection)
    {
        var fields = action.Fields.Select(f => new ForestActionFieldDescriptor(
            f.Field, f.Type, f.IsList, f.IsRequired, f.IsReadOnly, f.Description, f.Enums, f.Reference, f.Widget, f.Redact, f.Hook, f.SearchHook, f.DefaultValue)).ToList();
        var form = new ForestFormDescriptor(action.FormType, fields, action.Layout, action.LoadHook is not null, [.. action.ChangeHooks.Select(h => h.Name)]);
        return new ForestActionDescriptor(action.Id, action.Name, action.Type, action.Endpoint, action.HttpMethod, collection, action.Description, action.SubmitButtonLabel, action.Download, action.Background, action.Resumable, form, action.Destructive);
    }
}
