using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Forest.Mvc.Discovery;
using Forest.Mvc.Records;

namespace Forest.Mvc.Http;

/// <summary>A page of records as read for a caller, with what the writer needs to show it.</summary>
/// <param name="Collection">The collection listed (the related one, for related data).</param>
/// <param name="Records">The records.</param>
/// <param name="References">The belongs-to relations loaded with them.</param>
/// <param name="Fields">The projection asked for.</param>
internal sealed record RecordPage(CollectionDescriptor Collection, IReadOnlyList<ListedRecord> Records, IReadOnlyList<RelationshipDescriptor> References, FieldsProjection Fields);

/// <summary>
/// The reads of the records layer for one caller: a list, a count and one record of a collection (or of a record's
/// related data), with the caller's scopes, the live-query segments and every limit of the read routes. The read
/// routes and the MCP read tools both call it; the parameters are the routes' query parameters.
/// </summary>
internal sealed class RecordReads(ForestRegistry registry, RecordsService records, Permissions.SelectionResolver resolver, IOptions<ForestOptions> options)
{
    public async Task<RecordPage> ListAsync(ForestUser user, string collectionName, (string Id, string Association)? parent, IQueryCollection parameters, CancellationToken cancellationToken)
    {
        var (target, scope) = Target(Collection(collectionName), parent);
        var scopes = await ScopesAsync(user, scope, cancellationToken).ConfigureAwait(false);
        var query = await QueryAsync(parameters, scopes, cancellationToken).ConfigureAwait(false);
        var pageSize = query.PageSize ?? options.Value.DefaultPageSize;
        if (pageSize > options.Value.MaxPageSize)
        {
            throw ForestRequestException.BadRequest($"page[size] is {pageSize}; at most {options.Value.MaxPageSize} records are returned per page.");
        }

        var fields = FieldsProjection.FromQuery(parameters);
        var references = fields.References(target, registry);
        var page = await records.For(target).ListAsync(resolver.Db, query, scope, scopes.Of(target.Name), pageSize, references, cancellationToken).ConfigureAwait(false);
        return new RecordPage(target, page, references, fields);
    }

    public async Task<int> CountAsync(ForestUser user, string collectionName, (string Id, string Association)? parent, IQueryCollection parameters, CancellationToken cancellationToken)
    {
        var (target, scope) = Target(Collection(collectionName), parent);
        var scopes = await ScopesAsync(user, scope, cancellationToken).ConfigureAwait(false);
        var query = await QueryAsync(parameters, scopes, cancellationToken).ConfigureAwait(false);
        return await records.For(target).CountAsync(resolver.Db, query, scope, scopes.Of(target.Name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One record within the caller's scope; 404 when there is none.</summary>
    public async Task<RecordPage> GetAsync(ForestUser user, string collectionName, string id, IQueryCollection parameters, CancellationToken cancellationToken)
    {
        var collection = Collection(collectionName);
        RecordsQueryBuilder.ParseIds(collection, [id], "id");
        var scopes = await ScopesAsync(user, null, cancellationToken).ConfigureAwait(false);
        var fields = FieldsProjection.FromQuery(parameters);
        var references = fields.References(collection, registry);
        var record = await records.For(collection).GetAsync(resolver.Db, id, scopes, references, cancellationToken).ConfigureAwait(false)
            ?? throw ForestRequestException.NotFound($"No record with id '{id}' in the collection '{collection.Name}'.");
        return new RecordPage(collection, [record], references, fields);
    }

    /// <summary>The list query of the parameters, with the caller's scopes and its live-query segment run (or refused).</summary>
    public Task<ListQuery> QueryAsync(IQueryCollection parameters, CallerScopes scopes, CancellationToken cancellationToken) =>
        resolver.ResolveAsync(ListQuery.FromQueryString(parameters) with { Scopes = scopes }, cancellationToken);

    private CollectionDescriptor Collection(string name) => registry.FindCollection(name)
        ?? throw ForestRequestException.NotFound($"'{name}' is not a collection (known: {string.Join(", ", registry.Collections.Select(c => c.Name))}).");

    /// <summary>
    /// The caller's scopes: what they cannot reach is not listed, counted or shown, and related data of a parent
    /// they cannot reach is a 404.
    /// </summary>
    private async Task<CallerScopes> ScopesAsync(ForestUser user, ParentScope? parent, CancellationToken cancellationToken)
    {
        var caller = await resolver.CallerAsync(user, null, cancellationToken).ConfigureAwait(false);
        if (parent is not null)
        {
            await resolver.EnsureParentAsync(caller, parent, cancellationToken).ConfigureAwait(false);
        }

        return caller.Scopes;
    }

    private (CollectionDescriptor Target, ParentScope? Scope) Target(CollectionDescriptor collection, (string Id, string Association)? parent)
    {
        if (parent is not { } p)
        {
            return (collection, null);
        }

        var relationship = collection.FindRelationship(p.Association);
        if (relationship is not { IsCollection: true } || registry.FindCollection(relationship.TargetClrType) is not { } target)
        {
            throw ForestRequestException.NotFound($"'{p.Association}' is not a related-data list of the collection '{collection.Name}'.");
        }

        return (target, new ParentScope(collection, p.Id, relationship));
    }
}
