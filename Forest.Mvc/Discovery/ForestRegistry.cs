using System.Collections.Frozen;
using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Discovery;

/// <summary>
/// Everything discovery found, immutable after startup: the collections of the EF Core model and the smart
/// actions of the controllers. The request path only reads it.
/// </summary>
internal sealed class ForestRegistry
{
    private readonly FrozenDictionary<string, CollectionDescriptor> _collections;
    private readonly FrozenDictionary<Type, CollectionDescriptor> _byType;
    private readonly FrozenDictionary<MethodInfo, SmartActionDescriptor> _byMethod;
    private readonly FrozenDictionary<string, SmartActionDescriptor[]> _byCollection;
    private readonly FrozenDictionary<(string Collection, string Name), SmartActionDescriptor> _byName;

    public ForestRegistry(Type dbContextType, string databaseType, IReadOnlyList<CollectionDescriptor> collections, IReadOnlyList<SmartActionDescriptor> actions)
    {
        DbContextType = dbContextType;
        DatabaseType = databaseType;
        Collections = collections.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        Actions = actions;
        _collections = collections.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        _byType = collections.ToFrozenDictionary(c => c.ClrType);
        _byMethod = actions.ToFrozenDictionary(a => a.Method);
        _byCollection = actions.GroupBy(a => a.Collection, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byName = actions.DistinctBy(a => (a.Collection, a.Name)).ToFrozenDictionary(a => (a.Collection, a.Name));
    }

    public Type DbContextType { get; }

    /// <summary>The database engine, for the schema's <c>meta.stack</c> (e.g. <c>sqlite</c>).</summary>
    public string DatabaseType { get; }

    public IReadOnlyList<CollectionDescriptor> Collections { get; }

    public IReadOnlyList<SmartActionDescriptor> Actions { get; }

    public CollectionDescriptor? FindCollection(string name) => _collections.GetValueOrDefault(name);

    public CollectionDescriptor? FindCollection(Type clrType) => _byType.GetValueOrDefault(clrType);

    public SmartActionDescriptor? FindAction(MethodInfo method) => _byMethod.GetValueOrDefault(method);

    /// <summary>The action of this name on this collection, as stored by approvals and jobs.</summary>
    public SmartActionDescriptor? FindAction(string collection, string name) => _byName.GetValueOrDefault((collection, name));

    public CollectionDescriptor GetCollection(SmartActionDescriptor action) => _collections[action.Collection];

    /// <summary>The actions of a collection, in the order discovery found them.</summary>
    public IReadOnlyList<SmartActionDescriptor> ActionsOf(CollectionDescriptor collection) => _byCollection.GetValueOrDefault(collection.Name) ?? [];
}
