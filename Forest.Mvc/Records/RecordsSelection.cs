using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Records;

namespace Forest.Mvc;

/// <summary>
/// The records a smart action runs on, as a query rather than a list: explicit ids, or "select all" with the
/// list's filters, search and segment minus the unticked ids, restricted to the parent's association when the
/// action runs from a related-data list. Nothing is loaded until you ask, so
/// <c>Selection.Query.ExecuteUpdateAsync(…)</c> updates any number of rows in one statement.
/// </summary>
/// <typeparam name="TEntity">The entity of the collection.</typeparam>
public sealed class RecordsSelection<TEntity> : IPreparedSelection
    where TEntity : class
{
    private readonly CollectionDescriptor _collection;
    private readonly SelectionCounter<TEntity> _counter;

    internal RecordsSelection(CollectionDescriptor collection, IQueryable<TEntity> query, SelectionSource source, IdSelectionCheck? ids, SelectionByKey<TEntity>? byKey)
    {
        _collection = collection;
        Query = query;
        Source = source;
        _counter = new SelectionCounter<TEntity>(collection, query, ids, byKey);
    }

    /// <summary>The selected records, tracked by the request's <c>DbContext</c>; compose it, update it, count it.</summary>
    public IQueryable<TEntity> Query { get; }

    /// <summary>Whether the user chose "select all" (the selection is the list's query, not a list of ids).</summary>
    public bool IsAllRecords => Source.AllRecords;

    /// <summary>The ids sent explicitly (without duplicates); empty for "select all" and global actions.</summary>
    public IReadOnlyList<string> RequestedIds => Source.Ids;

    /// <summary>With "select all": the ids the user unticked.</summary>
    public IReadOnlyList<string> ExcludedIds => Source.ExcludedIds;

    /// <summary>The collection of the record whose related-data list the action ran from, if any.</summary>
    public string? ParentCollection => Source.ParentCollection;

    /// <summary>The id of the record whose related-data list the action ran from, if any.</summary>
    public string? ParentId => Source.ParentId;

    /// <summary>The association of the parent the action ran from (e.g. <c>users</c>), if any.</summary>
    public string? ParentAssociation => Source.ParentAssociation;

    internal SelectionSource Source { get; }

    CollectionDescriptor IPreparedSelection.Collection => _collection;

    SelectionSource IPreparedSelection.Source => Source;

    int? IPreparedSelection.KnownCount => _counter.Selected;

    /// <summary>The one selected record, tracked, so that <c>SaveChangesAsync</c> saves your changes.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ForestRequestException">The selection does not hold exactly one record (404 or 400).</exception>
    public async Task<TEntity> SingleAsync(CancellationToken cancellationToken = default)
    {
        var records = await RecordsQueryBuilder.Sort(Query, _collection, sort: null).Take(2).ToListAsync(cancellationToken).ConfigureAwait(false);
        return records.Count switch
        {
            1 => records[0],
            0 => throw ForestRequestException.NotFound($"No record of the collection '{_collection.Name}' matches the selection."),
            _ => throw ForestRequestException.BadRequest($"This action needs exactly one record of the collection '{_collection.Name}', and the selection holds several."),
        };
    }

    /// <summary>Counts the selected records with one SQL query.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The number of selected records.</returns>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Query.CountAsync(cancellationToken);

    /// <summary>Loads the selected records (tracked). Prefer <see cref="Query"/> for large selections.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The records.</returns>
    public Task<List<TEntity>> ToListAsync(CancellationToken cancellationToken = default) => Query.ToListAsync(cancellationToken);

    /// <summary>Streams the primary keys of the selected records as strings, reading only the key column.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The ids, in key order.</returns>
    public async IAsyncEnumerable<string> GetIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var record = Expression.Parameter(typeof(TEntity), "record");
        var key = Expression.Lambda<Func<TEntity, object>>(Expression.Convert(ExpressionParts.Access(record, _collection.PrimaryKey), typeof(object)), record);
        var ids = RecordsQueryBuilder.Sort(Query.AsNoTracking(), _collection, sort: null).Select(key).AsAsyncEnumerable();
        await foreach (var id in ids.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Convert.ToString(id, CultureInfo.InvariantCulture)!;
        }
    }

    Task<SelectionCounts> IPreparedSelection.CountAsync(IReadOnlyList<SelectionPredicate> predicates, CancellationToken cancellationToken) =>
        _counter.CountAsync(predicates, cancellationToken);

    Task IPreparedSelection.EnsureExistsAsync(CancellationToken cancellationToken) => _counter.EnsureExistsAsync(cancellationToken);

    async Task<List<string>?> IPreparedSelection.IdsAsync(int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var id in GetIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ids.Count == limit)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }
}

/// <summary>What the request said about the selection.</summary>
internal sealed record SelectionSource(
    bool AllRecords,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> ExcludedIds,
    string? ParentCollection,
    string? ParentId,
    string? ParentAssociation);
