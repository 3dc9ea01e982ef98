using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>
/// Turns predicates built for one request into templates a compiled query can reuse: every value read from a
/// <see cref="ValueHolder{T}"/> becomes a parameter (<c>p0</c>, <c>p1</c>, … in order of appearance) and its value
/// is collected. Two requests whose predicates differ only in those values give equal templates
/// (<see cref="Microsoft.EntityFrameworkCore.Query.ExpressionEqualityComparer"/>).
/// </summary>
/// <remarks>
/// A compiled query evaluates any other client-side value once, when it is compiled, and keeps it as a constant:
/// a rule reading <c>DateTime.UtcNow</c> or a captured variable would be frozen at its first value. So a template
/// is refused (<see cref="IsReusable"/> false) as soon as a predicate holds anything evaluated on the client other
/// than the held values and immutable constants: a static member (but <c>EF.Functions</c>), a field of a captured
/// object, a mutable constant, a call or constructor that reads no record; and a list sent as one parameter
/// (<c>EF.Parameter</c>, which a compiled query refuses). Such a query runs the usual way.
/// </remarks>
internal sealed class QueryTemplate : ExpressionVisitor
{
    private static readonly HashSet<Type> ImmutableTypes =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(DateOnly), typeof(TimeOnly), typeof(Type),
    ];

    private readonly List<ParameterExpression> _parameters = [];
    private readonly List<object?> _values = [];
    private int _references;

    /// <summary>The parameters the templates read, in order.</summary>
    public IReadOnlyList<ParameterExpression> Parameters => _parameters;

    /// <summary>The values of <see cref="Parameters"/> for this request.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>Whether every template so far holds only parameters, records and immutable constants.</summary>
    public bool IsReusable { get; private set; } = true;

    /// <summary>Adds a value of its own (e.g. the selected key) as the next parameter.</summary>
    public ParameterExpression Add(Type type, object? value)
    {
        var parameter = Expression.Parameter(type, "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _parameters.Add(parameter);
        _values.Add(value);
        return parameter;
    }

    /// <summary>The template of <paramref name="predicate"/>; check <see cref="IsReusable"/> before using it.</summary>
    public LambdaExpression Of(LambdaExpression predicate) => (LambdaExpression)Visit(predicate)!;

    public override Expression? Visit(Expression? node)
    {
        if (node is null || !IsReusable)
        {
            return node;
        }

        var before = _references;
        var visited = base.Visit(node);
        if (_references == before && node is MethodCallExpression or NewExpression or InvocationExpression or MemberInitExpression or ListInitExpression or IndexExpression)
        {
            // Computed on the client: a compiled query would keep its first result.
            IsReusable = false;
        }

        return visited;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Parameter))
        {
            // A long list sent as one parameter (ExpressionParts.In): EF Core refuses EF.Parameter on a compiled query's parameter.
            IsReusable = false;
            return node;
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitParameter(ParameterExpression node)
    {
        _references++;
        return node;
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        switch (node.Expression)
        {
            case ConstantExpression { Value: IValueHolder holder }:
                _references++;
                return Add(node.Type, holder.Boxed);
            case null when node.Member.DeclaringType == typeof(EF) && node.Member.Name == nameof(EF.Functions):
                return node;
            case null or ConstantExpression:
                IsReusable = false;
                return node;
            default:
                return base.VisitMember(node);
        }
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is not null && !IsImmutable(node.Value.GetType()))
        {
            IsReusable = false;
        }

        return node;
    }

    private static bool IsImmutable(Type type) =>
        type.IsPrimitive || type.IsEnum || ImmutableTypes.Contains(type) || typeof(Type).IsAssignableFrom(type);
}
