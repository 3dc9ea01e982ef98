using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>Small expression builders shared by filters, search, ids and sorting.</summary>
internal static class ExpressionParts
{
    private static readonly MethodInfo EfProperty = typeof(EF).GetMethod(nameof(EF.Property))!;

    private static readonly MethodInfo EfParameter = typeof(EF).GetMethod(nameof(EF.Parameter))!;

    private static readonly MethodInfo EnumerableContains = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);

    /// <summary>Above this many values, a list is sent as one parameter (a JSON array the database expands), not one each.</summary>
    private const int SingleParameterThreshold = 64;

    /// <summary>Reads a property, through its CLR property when it has one, else with <c>EF.Property</c>.</summary>
    public static Expression Access(Expression instance, PropertyInfo? property, string name, Type type) =>
        property is not null
            ? Expression.Property(instance, property)
            : Expression.Call(EfProperty.MakeGenericMethod(type), instance, Expression.Constant(name));

    public static Expression Access(Expression instance, FieldDescriptor field) =>
        Access(instance, field.PropertyInfo, field.PropertyName, field.ClrType);

    /// <summary>
    /// A value EF Core sends as a SQL parameter (read from a closure-like holder) rather than a literal, so that
    /// the compiled query is reused whatever the value.
    /// </summary>
    public static Expression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(holder), "Value");
    }

    /// <summary>
    /// <c>values.Contains(member)</c> over a typed array of <paramref name="type"/>. A long list is sent as a single
    /// parameter (<c>json_each</c> on SQLite, an array on PostgreSQL), so that no list can exceed the database's
    /// limit on the number of variables of a statement.
    /// </summary>
    public static Expression In(Expression member, Type type, IEnumerable<object?> values)
    {
        var items = values.ToArray();
        if (items.Length == 1 && Equal(member, items[0], type) is { } equal)
        {
            // One value (a record by id, a single action): `= @p`, which every engine plans and prepares best
            // (an array parameter is json_each on SQLite and `= ANY` on PostgreSQL).
            return equal;
        }

        var array = Array.CreateInstance(type, items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            array.SetValue(items[i], i);
        }

        var contains = EnumerableContains.MakeGenericMethod(type);
        var list = Parameter(array, type.MakeArrayType());
        if (items.Length > SingleParameterThreshold)
        {
            list = Expression.Call(EfParameter.MakeGenericMethod(type.MakeArrayType()), list);
        }

        return Expression.Call(contains, list, member);
    }

    /// <summary><c>member == value</c> as a SQL parameter, or null for a type without an equality operator.</summary>
    private static BinaryExpression? Equal(Expression member, object? value, Type type)
    {
        try
        {
            return Expression.Equal(member, Parameter(value, type));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary><c>db.Set&lt;T&gt;()</c> on a context parameter, untracked if asked: the root of a compiled query.</summary>
    public static Expression SetOf<T>(ParameterExpression db, bool untracked)
        where T : class
    {
        Expression set = Expression.Call(db, nameof(DbContext.Set), [typeof(T)]);
        return untracked ? Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking), [typeof(T)], set) : set;
    }

    /// <summary><c>Queryable.Where(source, predicate)</c> as an expression, to compose a compiled query.</summary>
    public static MethodCallExpression Where<T>(Expression source, LambdaExpression predicate) =>
        Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(T)], source, Expression.Quote(predicate));

    public static Expression<Func<T, bool>> Lambda<T>(Expression body, ParameterExpression parameter) =>
        Expression.Lambda<Func<T, bool>>(body, parameter);

    /// <summary>Replaces the parameter of a lambda, to inline a segment predicate into a larger filter.</summary>
    public static Expression Inline(LambdaExpression lambda, ParameterExpression parameter) =>
        new ParameterReplacer(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>A query value held for EF Core to send as a SQL parameter, whatever its type (see <see cref="QueryTemplate"/>).</summary>
internal interface IValueHolder
{
    object? Boxed { get; }
}

/// <summary>Holds one query value; EF Core turns a field read on it into a SQL parameter.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class ValueHolder<T>(T value) : IValueHolder
{
#pragma warning disable CA1051 // a field, on purpose: EF Core parameterizes captured fields
    public readonly T Value = value;
#pragma warning restore CA1051

    public object? Boxed => Value;
}
