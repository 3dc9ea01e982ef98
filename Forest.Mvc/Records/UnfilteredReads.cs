using System.Collections.Concurrent;
using System.Linq.Expressions;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>
/// The list page and the count of a whole collection (no filter, search, segment, scope or parent: the first screen
/// of a collection and its pager), as queries compiled once (<c>EF.CompileAsyncQuery</c>): a page query per sort, the
/// offset and size as parameters. One instance per collection and host (a compiled query keeps the services of the
/// first context it runs on).
/// </summary>
internal sealed class UnfilteredReads<T>(RecordsQueryBuilder builder, CollectionDescriptor collection)
    where T : class
{
    /// <summary>At most this many sorts get a compiled page query; others run the usual way.</summary>
    private const int MaxSorts = 64;

    private readonly ConcurrentDictionary<string, Func<DbContext, int, int, IAsyncEnumerable<T>>> _pages = new(StringComparer.Ordinal);
    private Func<DbContext, CancellationToken, Task<int>>? _count;

    /// <summary>Whether <paramref name="query"/> reads the whole collection, with nothing but a sort and a page.</summary>
    public static bool Covers(ListQuery query, ParentScope? parent, ConditionNode? scope) =>
        parent is null && scope is null && query is { Filters: null, Search: null, Segment: null, SegmentQuery: null };

    /// <summary>How many records the collection holds.</summary>
    public Task<int> CountAsync(DbContext db, CancellationToken cancellationToken)
    {
        _count ??= EF.CompileAsyncQuery((DbContext context, CancellationToken token) => context.Set<T>().Count());
        return _count(db, cancellationToken);
    }

    /// <summary>One page in the order of <paramref name="sort"/> (untracked), or <see langword="null"/> past <see cref="MaxSorts"/> sorts.</summary>
    public IAsyncEnumerable<T>? Page(DbContext db, string? sort, int offset, int size)
    {
        var key = sort ?? "";
        if (!_pages.TryGetValue(key, out var page))
        {
            if (_pages.Count >= MaxSorts)
            {
                return null;
            }

            // The sort is checked (400 for an unknown field) before anything is kept.
            page = _pages.GetOrAdd(key, Compile(sort));
        }

        return page(db, offset, size);
    }

    private Func<DbContext, int, int, IAsyncEnumerable<T>> Compile(string? sort)
    {
        // The order is built by the same code as every list, on a stand-in source, then rooted on the context.
        var standIn = Enumerable.Empty<T>().AsQueryable();
        var sorted = builder.SortBy(standIn, collection, sort).Expression;
        var db = Expression.Parameter(typeof(DbContext), "db");
        var offset = Expression.Parameter(typeof(int), "offset");
        var size = Expression.Parameter(typeof(int), "size");
        var rooted = new RootReplacer(standIn.Expression, ExpressionParts.SetOf<T>(db, untracked: true)).Visit(sorted)!;
        var paged = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(T)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(T)], rooted, offset),
            size);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<DbContext, int, int, IQueryable<T>>>(paged, db, offset, size));
    }

    private sealed class RootReplacer(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
