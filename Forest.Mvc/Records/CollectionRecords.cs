using System.Collections.Concurrent;
using System.Linq.Expressions;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Records;

/// <summary>A parent record and the association of it whose records are listed or selected.</summary>
internal sealed record ParentScope(CollectionDescriptor Parent, string ParentId, RelationshipDescriptor Association);

/// <summary>A record and, in the order asked for, its references (<see langword="null"/>: none, or outside the caller's scope).</summary>
internal sealed record ListedRecord(object Record, IReadOnlyList<object?> References);

/// <summary>The typed record operations of one collection, called from code that only knows the collection name.</summary>
internal interface ICollectionRecords
{
    /// <summary>
    /// The selection of a request, as a query: nothing is read here (a selection by ids checks that its ids exist
    /// with its first count, see <see cref="IPreparedSelection"/>).
    /// </summary>
    /// <remarks><paramref name="subset"/>: for "select all", the request's list query with its live-query segment resolved.</remarks>
    IPreparedSelection Select(DbContext db, ActionType type, string actionName, SmartActionRequest request, ParentScope? parent, CallerScopes scopes, TimeZoneInfo timeZone, ListQuery? subset);

    /// <summary>A page of records, each with its <paramref name="references"/> (loaded by the same query).</summary>
    Task<List<ListedRecord>> ListAsync(DbContext db, ListQuery query, ParentScope? parent, ConditionNode? scope, int pageSize, IReadOnlyList<RelationshipDescriptor> references, CancellationToken cancellationToken);

    /// <summary>Every record of the list query (filters, search, segment, sort; no page), read one by one, never all in memory.</summary>
    IAsyncEnumerable<object> StreamAsync(DbContext db, ListQuery query, ConditionNode? scope, CancellationToken cancellationToken);

    /// <summary>One record within the caller's scope, with its <paramref name="references"/>; <see langword="null"/> when not found.</summary>
    Task<ListedRecord?> GetAsync(DbContext db, string id, CallerScopes scopes, IReadOnlyList<RelationshipDescriptor> references, CancellationToken cancellationToken);

    Task<int> CountAsync(DbContext db, ListQuery query, ParentScope? parent, ConditionNode? scope, CancellationToken cancellationToken);

    Task<object?> FindAsync(DbContext db, string id, ConditionNode? scope, CancellationToken cancellationToken);

    /// <summary>A condition tree as a predicate on the entity (for <see cref="IPreparedSelection.CountAsync"/>).</summary>
    LambdaExpression Predicate(ConditionNode condition, TimeZoneInfo timeZone);
}

/// <summary>Creates, once per collection, the typed <see cref="ICollectionRecords"/>.</summary>
internal sealed class RecordsService(RecordsQueryBuilder builder, IOptions<ForestOptions> options)
{
    private readonly ConcurrentDictionary<CollectionDescriptor, ICollectionRecords> _records = new();

    /// <summary>
    /// 404 unless the parent record of related data exists within the caller's scope on its collection: related
    /// data of a record the caller may not see is not listed, counted or acted on.
    /// </summary>
    public async Task EnsureParentAsync(DbContext db, ParentScope parent, CallerScopes scopes, CancellationToken cancellationToken)
    {
        RecordsQueryBuilder.ParseIds(parent.Parent, [parent.ParentId], "parent id");
        if (await For(parent.Parent).FindAsync(db, parent.ParentId, scopes.Of(parent.Parent.Name), cancellationToken).ConfigureAwait(false) is null)
        {
            throw ForestRequestException.NotFound($"No record with id '{parent.ParentId}' in the collection '{parent.Parent.Name}'.");
        }
    }

    public ICollectionRecords For(CollectionDescriptor collection) =>
        _records.GetOrAdd(collection, c => (ICollectionRecords)Activator.CreateInstance(
            typeof(CollectionRecords<>).MakeGenericType(c.ClrType), builder, c, options.Value)!);
}

/// <summary>The record operations of the collection of <typeparamref name="T"/>.</summary>
internal sealed class CollectionRecords<T>(RecordsQueryBuilder builder, CollectionDescriptor collection, ForestOptions options) : ICollectionRecords
    where T : class
{
    private readonly SelectionCountQueries<T> _counts = new(collection.PrimaryKey);
    private readonly UnfilteredReads<T> _unfiltered = new(builder, collection);
    private Func<DbContext, object, IAsyncEnumerable<T>>? _byKey;

    public IPreparedSelection Select(DbContext db, ActionType type, string actionName, SmartActionRequest request, ParentScope? parent, CallerScopes scopes, TimeZoneInfo timeZone, ListQuery? subset)
    {
        var scope = scopes.Of(collection.Name);
        if (request.ExcludedIds.Count > options.MaxExcludedIds)
        {
            throw ForestRequestException.BadRequest($"data.attributes.all_records_ids_excluded holds {request.ExcludedIds.Count} ids; at most {options.MaxExcludedIds} are accepted (Forest:MaxExcludedIds). Narrow the selection with filters instead.");
        }

        CheckIdLimit(request.Ids.Count);
        var (ids, keys) = type == ActionType.Global ? ([], []) : Canonical(request.Ids, "ids");
        var (excluded, excludedKeys) = Canonical(request.ExcludedIds, "all_records_ids_excluded");
        var source = new SelectionSource(
            request.AllRecords && type != ActionType.Global,
            ids,
            excluded,
            parent?.Parent.Name,
            parent?.ParentId,
            parent?.Association.Name);
        var scopePredicate = scope is null ? null : builder.Predicate<T>(collection, scope, timeZone);
        var query = Base(db, parent, scopePredicate);
        if (type == ActionType.Global)
        {
            return new RecordsSelection<T>(collection, query, source, null, null);
        }

        if (request.AllRecords)
        {
            if (type == ActionType.Single)
            {
                throw ForestRequestException.BadRequest($"The action '{actionName}' runs on exactly one record: send its id in data.attributes.ids instead of all_records.");
            }

            var list = (subset ?? ListQuery.FromSubsetQuery(request.SubsetQuery, timeZone)) with { Scopes = scopes };
            query = builder.Filter(query, collection, list);
            if (excluded.Count > 0)
            {
                query = RecordsQueryBuilder.WhereKeys(query, collection, excludedKeys, exclude: true);
            }

            return new RecordsSelection<T>(collection, query, source, null, null);
        }

        CheckIdCount(type, actionName, ids.Count);
        query = RecordsQueryBuilder.WhereKeys(query, collection, keys, exclude: false);
        var unscoped = scope is null ? null : RecordsQueryBuilder.WhereKeys(Base(db, parent, null), collection, keys, exclude: false);
        var byKey = keys.Count == 1 && parent is null ? new SelectionByKey<T>(_counts, db, keys[0]!, scopePredicate) : null;
        return new RecordsSelection<T>(collection, query, source, new IdSelectionCheck(ids, parent, unscoped), byKey);
    }

    public async Task<List<ListedRecord>> ListAsync(DbContext db, ListQuery query, ParentScope? parent, ConditionNode? scope, int pageSize, IReadOnlyList<RelationshipDescriptor> references, CancellationToken cancellationToken)
    {
        if (references.Count == 0 && UnfilteredReads<T>.Covers(query, parent, scope)
            && _unfiltered.Page(db, query.Sort, query.Offset(pageSize), pageSize) is { } compiled)
        {
            return await Untranslatable.GuardAsync(async () =>
            {
                var listed = new List<ListedRecord>(pageSize);
                await foreach (var record in compiled.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    listed.Add(new ListedRecord(record, []));
                }

                return listed;
            }).ConfigureAwait(false);
        }

        var filtered = builder.Filter(Base(db, parent, scope, query.TimeZone).AsNoTracking(), collection, query);
        var page = builder.SortBy(filtered, collection, query.Sort)
            .Skip(query.Offset(pageSize))
            .Take(pageSize);
        return await Untranslatable.GuardAsync(() => WithReferencesAsync(page, references, query.Scopes, query.TimeZone, cancellationToken)).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<object> StreamAsync(DbContext db, ListQuery query, ConditionNode? scope, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filtered = builder.Filter(Base(db, null, scope, query.TimeZone).AsNoTracking(), collection, query);
        await foreach (var record in builder.SortBy(filtered, collection, query.Sort).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    // No Take(1): the primary key matches one row at most, and a Take without OrderBy is an EF Core warning.
    public async Task<ListedRecord?> GetAsync(DbContext db, string id, CallerScopes scopes, IReadOnlyList<RelationshipDescriptor> references, CancellationToken cancellationToken)
    {
        if (references.Count == 0 && scopes.Of(collection.Name) is null)
        {
            return await ByKeyAsync(db, id, cancellationToken).ConfigureAwait(false) is { } found ? new ListedRecord(found, []) : null;
        }

        var query = RecordsQueryBuilder.WhereIds(Base(db, null, scopes.Of(collection.Name), TimeZoneInfo.Utc).AsNoTracking(), collection, [id], exclude: false);
        return (await WithReferencesAsync(query, references, scopes, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>Runs the query with its references joined in; a reference outside the caller's scope on its collection is left out.</summary>
    private async Task<List<ListedRecord>> WithReferencesAsync(IQueryable<T> query, IReadOnlyList<RelationshipDescriptor> references, CallerScopes scopes, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        if (references.Count == 0)
        {
            return (await query.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(r => new ListedRecord(r, [])).ToList();
        }

        var rows = await query.Select(builder.WithReferences<T>(references, scopes, timeZone)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(row => new ListedRecord(
            row[0]!,
            [.. references.Select((_, i) => row[(2 * i) + 2] is true ? row[(2 * i) + 1] : null)])).ToList();
    }

    public Task<int> CountAsync(DbContext db, ListQuery query, ParentScope? parent, ConditionNode? scope, CancellationToken cancellationToken) =>
        UnfilteredReads<T>.Covers(query, parent, scope) ? _unfiltered.CountAsync(db, cancellationToken) : Untranslatable.GuardAsync(() => builder.Filter(Base(db, parent, scope, query.TimeZone), collection, query).CountAsync(cancellationToken));

    public async Task<object?> FindAsync(DbContext db, string id, ConditionNode? scope, CancellationToken cancellationToken) => scope is null
        ? await ByKeyAsync(db, id, cancellationToken).ConfigureAwait(false)
        : await RecordsQueryBuilder.WhereIds(Base(db, null, scope, TimeZoneInfo.Utc).AsNoTracking(), collection, [id], exclude: false)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The record of this id (the compiled query of <see cref="RecordByKey"/>), outside any scope.</summary>
    private async Task<T?> ByKeyAsync(DbContext db, string id, CancellationToken cancellationToken)
    {
        _byKey ??= RecordByKey.For<T>(collection);
        await foreach (var found in _byKey(db, RecordsQueryBuilder.ParseIds(collection, [id], "id")[0]!).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return found;
        }

        return null;
    }

    public LambdaExpression Predicate(ConditionNode condition, TimeZoneInfo timeZone) => builder.Predicate<T>(collection, condition, timeZone);

    /// <summary>The records a caller may reach: the collection (or the parent's association), within the caller's scope.</summary>
    private IQueryable<T> Base(DbContext db, ParentScope? parent, ConditionNode? scope, TimeZoneInfo timeZone) =>
        Base(db, parent, scope is null ? null : builder.Predicate<T>(collection, scope, timeZone));

    private IQueryable<T> Base(DbContext db, ParentScope? parent, Expression<Func<T, bool>>? scope)
    {
        var query = parent is null ? db.Set<T>() : builder.ChildrenOf<T>(db, parent.Parent, parent.ParentId, parent.Association);
        return scope is null ? query : query.Where(scope);
    }

    private static void CheckIdCount(ActionType type, string actionName, int count)
    {
        if (type == ActionType.Single && count != 1)
        {
            throw ForestRequestException.BadRequest($"The action '{actionName}' runs on exactly one record, and the request selects {count}. Send one id in data.attributes.ids.");
        }

        if (count == 0)
        {
            throw ForestRequestException.BadRequest($"The action '{actionName}' needs at least one record: send ids in data.attributes.ids, or all_records: true.");
        }

    }

    private void CheckIdLimit(int count)
    {
        if (count > options.MaxIdsPerRequest)
        {
            throw ForestRequestException.BadRequest($"The request selects {count} ids; at most {options.MaxIdsPerRequest} are accepted (Forest:MaxIdsPerRequest). Use all_records with all_records_subset_query for larger selections.");
        }
    }

    /// <summary>
    /// Parses ids into the key type and writes them back in one canonical form, dropping duplicates: "5" and "05"
    /// are the same record of an integer key. A malformed id is a 400 naming it.
    /// </summary>
    /// <returns>The canonical ids, and the keys they stand for (parsed once, in the same order).</returns>
    private (List<string> Ids, List<object?> Keys) Canonical(IReadOnlyList<string> ids, string what)
    {
        var canonical = new List<string>(ids.Count);
        var keys = new List<object?>(ids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in RecordsQueryBuilder.ParseIds(collection, ids, what))
        {
            var text = Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)!;
            if (seen.Add(text))
            {
                canonical.Add(text);
                keys.Add(key);
            }
        }

        return (canonical, keys);
    }
}

/// <summary>
/// Turns EF Core's "this query cannot be translated" (e.g. comparing or sorting decimals on SQLite) into a 400
/// naming the cause, since it comes from the filter or sort the caller chose.
/// </summary>
internal static class Untranslatable
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (InvalidOperationException exception) when (exception.Source?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true)
        {
            var reason = exception.Message.Split('\n')[0];
            throw new ForestRequestException($"The database cannot run this filter or sort: {reason}", exception);
        }
    }
}
