using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Permissions;

/// <summary>Who calls: the user, the rules of their role (from the in-memory snapshot) and their scopes.</summary>
/// <param name="User">The authenticated user, as the store knows them now.</param>
/// <param name="Rules">The rules of the user's role.</param>
/// <param name="Scopes">The user's scope on each collection that has one.</param>
internal sealed record ForestCaller(ForestUser User, AccessRules Rules, CallerScopes Scopes);

/// <summary>
/// The stages every Forest route shares after authentication, in this order: the caller's rules and scopes, the
/// parent record of related data (checked within the caller's scope), then the typed selection of a request. Actions,
/// form hooks, approvals, the action-state route and the records routes all resolve through it, so a scope or a
/// parent check cannot be forgotten by one of them.
/// </summary>
internal sealed class SelectionResolver(ForestRegistry registry, RecordsService records, AccessControl access, LiveQuerySegments liveQueries, IServiceProvider services)
{
    private readonly HashSet<ParentScope> _parentsFound = [];

    /// <summary>The application's <c>DbContext</c> of this request.</summary>
    public DbContext Db => services.GetRequiredService<Records.DatabaseDeadline>().Context;

    /// <summary>A list query with its live-query segment run (or refused): see <see cref="LiveQuerySegments"/>.</summary>
    public Task<ListQuery> ResolveAsync(ListQuery query, CancellationToken cancellationToken) => liveQueries.ResolveAsync(Db, query, cancellationToken);

    /// <summary>The caller's rules (of <paramref name="collection"/>, or of every collection) and scopes.</summary>
    public async Task<ForestCaller> CallerAsync(ForestUser user, string? collection, CancellationToken cancellationToken)
    {
        var rules = await access.LoadAsync(user, collection, cancellationToken).ConfigureAwait(false);
        return new ForestCaller(user, rules, AccessControl.Scopes(rules, user));
    }

    /// <summary>404 unless the parent record exists within the caller's scope on its collection.</summary>
    public async Task EnsureParentAsync(ForestCaller caller, ParentScope parent, CancellationToken cancellationToken)
    {
        // One caller per request (the resolver is scoped): a parent found once is not read again.
        if (!_parentsFound.Contains(parent))
        {
            await records.EnsureParentAsync(Db, parent, caller.Scopes, cancellationToken).ConfigureAwait(false);
            _parentsFound.Add(parent);
        }
    }

    /// <summary>
    /// The selection of an action request (or, for <see cref="ActionType.Global"/>, the whole collection within the
    /// caller's scope and the parent's association). Nothing is read but the parent's existence; the ids are checked
    /// with the selection's first count.
    /// </summary>
    public async Task<IPreparedSelection> SelectAsync(ForestCaller caller, CollectionDescriptor collection, ActionType type, string actionName, SmartActionRequest request, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var parent = ParentOf(request, collection);
        if (parent is not null)
        {
            await EnsureParentAsync(caller, parent, cancellationToken).ConfigureAwait(false);
        }

        var subset = request.AllRecords && type != ActionType.Global
            ? await liveQueries.ResolveAsync(Db, ListQuery.FromSubsetQuery(request.SubsetQuery, timeZone), cancellationToken).ConfigureAwait(false)
            : null;
        return records.For(collection).Select(Db, type, actionName, request, parent, caller.Scopes, timeZone, subset);
    }

    /// <summary>The parent context of a request (related data), checked against the schema.</summary>
    private ParentScope? ParentOf(SmartActionRequest request, CollectionDescriptor collection)
    {
        if (!request.HasParent)
        {
            return null;
        }

        if (request.ParentCollectionName is null || request.ParentCollectionId is null || request.ParentAssociationName is null)
        {
            throw ForestRequestException.BadRequest("parent_collection_name, parent_collection_id and parent_association_name go together: send all three, or none.");
        }

        var parent = registry.FindCollection(request.ParentCollectionName)
            ?? throw ForestRequestException.BadRequest($"parent_collection_name: '{request.ParentCollectionName}' is not a collection.");
        var association = parent.FindRelationship(request.ParentAssociationName);
        if (association is not { IsCollection: true } || association.TargetClrType != collection.ClrType)
        {
            throw ForestRequestException.BadRequest($"parent_association_name: '{request.ParentAssociationName}' is not a related-data list of '{parent.Name}' holding records of '{collection.Name}'.");
        }

        return new ParentScope(parent, request.ParentCollectionId, association);
    }
}
