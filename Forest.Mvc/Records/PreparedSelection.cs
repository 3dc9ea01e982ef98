using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>
/// The pipeline's typed view of a prepared selection (a <see cref="RecordsSelection{TEntity}"/>), whatever its
/// entity: what the request selected, and the counts the rules need, all answered by one SQL query.
/// </summary>
internal interface IPreparedSelection
{
    CollectionDescriptor Collection { get; }

    SelectionSource Source { get; }

    /// <summary>How many records are selected, when already known (ids checked, or a count read); <see langword="null"/> otherwise.</summary>
    int? KnownCount { get; }

    /// <summary>
    /// How many records are selected and how many of them match each predicate. Every count not known yet is read
    /// in one query (<c>COUNT(*)</c> and one <c>COUNT(CASE WHEN …)</c> per predicate); the answers are kept per key.
    /// A selection by ids learns from the same query whether every id exists (404 or out-of-scope 400 otherwise).
    /// </summary>
    Task<SelectionCounts> CountAsync(IReadOnlyList<SelectionPredicate> predicates, CancellationToken cancellationToken);

    /// <summary>For a selection by ids: 404 (or 400 when out of scope) unless every id exists. Free after any count.</summary>
    Task EnsureExistsAsync(CancellationToken cancellationToken);

    /// <summary>The ids of the selection, at most <paramref name="limit"/> (<see langword="null"/> when there are more).</summary>
    Task<List<string>?> IdsAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>A predicate on the selection's entity, under a key that names the rule it comes from.</summary>
internal sealed record SelectionPredicate(string Key, LambdaExpression Predicate);

/// <summary>The selected count and, per predicate key, how many selected records match it.</summary>
internal sealed record SelectionCounts(int Selected, IReadOnlyDictionary<string, int> Matching)
{
    public bool AllMatch(string key) => Matching[key] == Selected;
}

/// <summary>The counts of one selection, read in as few queries as the rules allow, and what a selection by ids must hold.</summary>
/// <remarks><paramref name="byKey"/>: for a selection of one record, the compiled queries that count it.</remarks>
internal sealed class SelectionCounter<T>(CollectionDescriptor collection, IQueryable<T> query, IdSelectionCheck? ids, SelectionByKey<T>? byKey)
    where T : class
{
    private readonly Dictionary<string, int> _matching = new(StringComparer.Ordinal);
    private int? _selected;

    public int? Selected => _selected;

    public async Task<SelectionCounts> CountAsync(IReadOnlyList<SelectionPredicate> predicates, CancellationToken cancellationToken)
    {
        var missing = predicates.Where(p => !_matching.ContainsKey(p.Key)).DistinctBy(p => p.Key).ToList();
        if (_selected is null || missing.Count > 0)
        {
            var counts = await Untranslatable.GuardAsync(() => ReadAsync(missing, cancellationToken)).ConfigureAwait(false);
            _selected = counts[0];
            for (var i = 0; i < missing.Count; i++)
            {
                _matching[missing[i].Key] = counts[i + 1];
            }

            await CheckIdsAsync(cancellationToken).ConfigureAwait(false);
        }

        return new SelectionCounts(_selected.Value, predicates.ToDictionary(p => p.Key, p => _matching[p.Key], StringComparer.Ordinal));
    }

    public async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        if (ids is not null && _selected is null)
        {
            await CountAsync([], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The selected count, then the count of each predicate (see <see cref="SelectionCountExpression"/>).</summary>
    private async Task<int[]> ReadAsync(List<SelectionPredicate> predicates, CancellationToken cancellationToken)
    {
        var lambdas = predicates.ConvertAll(p => p.Predicate);
        var rows = byKey?.Queries.TryRun(byKey, lambdas);
        if (rows is null && predicates.Count == 0)
        {
            return [await query.CountAsync(cancellationToken).ConfigureAwait(false)];
        }

        rows ??= query.Provider.CreateQuery<int[]>(SelectionCountExpression.Build<T>(query.Expression, lambdas)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return new int[predicates.Count + 1];
    }

    private async Task CheckIdsAsync(CancellationToken cancellationToken)
    {
        if (ids is null || _selected == ids.Ids.Count)
        {
            return;
        }

        if (ids.Unscoped is IQueryable<T> unscoped && await unscoped.CountAsync(cancellationToken).ConfigureAwait(false) == ids.Ids.Count)
        {
            throw ForestRequestException.BadRequest($"The target records are out of scope: you may not act on some of the selected records of '{collection.Name}'.");
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        var keys = new RecordsSelection<T>(collection, query, new SelectionSource(false, ids.Ids, [], null, null, null), null, null);
        await foreach (var id in keys.GetIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            existing.Add(id);
        }

        var keyType = collection.PrimaryKey.ClrType;
        var missing = ids.Ids.Where(id => !existing.Contains(Canonical(id, keyType))).Take(10).ToList();
        var where = ids.Parent is null ? $"the collection '{collection.Name}'" : $"'{ids.Parent.Association.Name}' of {ids.Parent.Parent.Name} {ids.Parent.ParentId}";
        throw ForestRequestException.NotFound($"No record with id {string.Join(", ", missing.Select(m => $"'{m}'"))} in {where}.");
    }

    private static string Canonical(string id, Type keyType) =>
        Convert.ToString(ValueConverter.FromString(id, keyType), System.Globalization.CultureInfo.InvariantCulture) ?? id;
}

/// <summary>What a selection by ids must hold: every id, within the caller's scope.</summary>
/// <param name="Ids">The requested ids, canonical and without duplicates.</param>
/// <param name="Parent">The parent context, for messages.</param>
/// <param name="Unscoped">The same ids without the caller's scope, when there is a scope (tells 404 from out of scope).</param>
internal sealed record IdSelectionCheck(IReadOnlyList<string> Ids, ParentScope? Parent, IQueryable? Unscoped);
