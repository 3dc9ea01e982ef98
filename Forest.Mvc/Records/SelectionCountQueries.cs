using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>A selection of one record by its key (no parent, no "select all"), within the caller's scope on its collection.</summary>
/// <param name="Queries">The compiled count queries of the collection.</param>
/// <param name="Db">The request's context.</param>
/// <param name="Key">The key, parsed into its type.</param>
/// <param name="Scope">The caller's scope as a predicate, if any.</param>
internal sealed record SelectionByKey<T>(SelectionCountQueries<T> Queries, DbContext Db, object Key, Expression<Func<T, bool>>? Scope)
    where T : class;

/// <summary>
/// The counts of a selection, as one query: <c>SELECT COUNT(*), COUNT(CASE WHEN p1 THEN 1 END), … FROM (selection)
/// GROUP BY 1</c>, which returns no row when nothing is selected.
/// </summary>
internal static class SelectionCountExpression
{
    private static readonly MethodInfo CountAll = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Count) && m.GetParameters().Length == 1);

    private static readonly MethodInfo CountWhere = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Count) && m.GetParameters().Length == 2);

    public static Expression Build<T>(Expression source, IEnumerable<LambdaExpression> predicates)
    {
        var record = Expression.Parameter(typeof(T), "record");
        var group = Expression.Parameter(typeof(IGrouping<int, T>), "g");
        var counts = new List<Expression> { Expression.Call(CountAll.MakeGenericMethod(typeof(T)), group) };
        counts.AddRange(predicates.Select(p => Expression.Call(CountWhere.MakeGenericMethod(typeof(T)), group, p)));
        var grouped = Expression.Call(typeof(Queryable), nameof(Queryable.GroupBy), [typeof(T), typeof(int)], source, Expression.Quote(Expression.Lambda(Expression.Constant(1), record)));
        var projection = Expression.Lambda(Expression.NewArrayInit(typeof(int), counts), group);
        return Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(IGrouping<int, T>), typeof(int[])], grouped, Expression.Quote(projection));
    }
}

/// <summary>
/// The counts of a selection by one key (an action on one record: the usual call), as queries compiled once per shape
/// of the rules (<c>EF.CompileAsyncQuery</c>). Building the query, EF Core's parameter extraction and its query-cache
/// lookup are then skipped at each request: the values of the rules and the key are passed as parameters. One
/// instance per collection and host (a compiled query keeps the services of the first context it runs on).
/// </summary>
internal sealed class SelectionCountQueries<T>(FieldDescriptor key)
    where T : class
{
    /// <summary>At most this many shapes are compiled per collection; others run the usual way.</summary>
    private const int MaxShapes = 256;

    /// <summary>The most parameters <c>EF.CompileAsyncQuery</c> takes.</summary>
    private const int MaxParameters = 15;

    private static readonly Dictionary<int, MethodInfo> CompileByArity = CompileMethods();

    private readonly ConcurrentDictionary<Shape, Func<DbContext, object?[], IAsyncEnumerable<int[]>>?> _queries = new();

    /// <summary>How many shapes are compiled.</summary>
    internal int Shapes => _queries.Count;

    /// <summary>The rows of the counts, or <see langword="null"/> when these predicates cannot be compiled for reuse.</summary>
    public IAsyncEnumerable<int[]>? TryRun(SelectionByKey<T> selection, IReadOnlyList<LambdaExpression> predicates)
    {
        var template = new QueryTemplate();
        template.Add(key.ClrType, selection.Key);
        var lambdas = new LambdaExpression?[predicates.Count + 1];
        lambdas[0] = selection.Scope is null ? null : template.Of(selection.Scope);
        for (var i = 0; i < predicates.Count && template.IsReusable; i++)
        {
            lambdas[i + 1] = template.Of(predicates[i]);
        }

        if (!template.IsReusable || template.Parameters.Count > MaxParameters)
        {
            return null;
        }

        var shape = new Shape(lambdas);
        if (!_queries.TryGetValue(shape, out var run))
        {
            if (_queries.Count >= MaxShapes)
            {
                return null;
            }

            run = _queries.GetOrAdd(shape, _ => Compile(template.Parameters, lambdas));
        }

        return run?.Invoke(selection.Db, [.. template.Values]);
    }

    /// <summary>The compiled query of one shape, called with its parameters' values; <see langword="null"/> if the key type has no <c>==</c>.</summary>
    private Func<DbContext, object?[], IAsyncEnumerable<int[]>>? Compile(IReadOnlyList<ParameterExpression> parameters, LambdaExpression?[] lambdas)
    {
        var db = Expression.Parameter(typeof(DbContext), "db");
        var record = Expression.Parameter(typeof(T), "record");
        BinaryExpression match;
        try
        {
            match = Expression.Equal(ExpressionParts.Access(record, key), parameters[0]);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        Expression source = ExpressionParts.Where<T>(ExpressionParts.SetOf<T>(db, untracked: false), Expression.Lambda(match, record));
        if (lambdas[0] is { } scope)
        {
            source = ExpressionParts.Where<T>(source, scope);
        }

        var counts = SelectionCountExpression.Build<T>(source, lambdas.Skip(1).OfType<LambdaExpression>());
        var types = parameters.Select(p => p.Type).ToArray();
        var query = Expression.Lambda(Expression.GetFuncType([typeof(DbContext), .. types, typeof(IQueryable<int[]>)]), counts, [db, .. parameters]);
        var compiled = (Delegate)CompileByArity[parameters.Count].MakeGenericMethod([typeof(DbContext), .. types, typeof(int[])]).Invoke(null, [query])!;

        var values = Expression.Parameter(typeof(object?[]), "values");
        var call = Expression.Invoke(
            Expression.Constant(compiled),
            [db, .. parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), p.Type))]);
        return Expression.Lambda<Func<DbContext, object?[], IAsyncEnumerable<int[]>>>(call, db, values).Compile();
    }

    /// <summary><c>EF.CompileAsyncQuery</c> for a query (<c>IQueryable</c>) taking 1 to 15 parameters, by number of parameters.</summary>
    private static Dictionary<int, MethodInfo> CompileMethods()
    {
        var methods = new Dictionary<int, MethodInfo>();
        foreach (var method in typeof(EF).GetMethods().Where(m => m.Name == nameof(EF.CompileAsyncQuery)))
        {
            var result = method.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericArguments()[^1];
            if (result.IsGenericType && result.GetGenericTypeDefinition() == typeof(IQueryable<>))
            {
                methods.TryAdd(method.GetGenericArguments().Length - 2, method);
            }
        }

        return methods;
    }

    /// <summary>The scope and the predicates of a count, as templates: equal when they differ only in their values.</summary>
    private sealed class Shape : IEquatable<Shape>
    {
        private readonly LambdaExpression?[] _lambdas;
        private readonly int _hash;

        public Shape(LambdaExpression?[] lambdas)
        {
            _lambdas = lambdas;
            var hash = new HashCode();
            foreach (var lambda in lambdas)
            {
                hash.Add(lambda, Microsoft.EntityFrameworkCore.Query.ExpressionEqualityComparer.Instance);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(Shape? other) =>
            other is not null && other._hash == _hash && other._lambdas.Length == _lambdas.Length
            && _lambdas.Zip(other._lambdas).All(pair => Microsoft.EntityFrameworkCore.Query.ExpressionEqualityComparer.Instance.Equals(pair.First, pair.Second));

        public override bool Equals(object? obj) => Equals(obj as Shape);

        public override int GetHashCode() => _hash;
    }
}
