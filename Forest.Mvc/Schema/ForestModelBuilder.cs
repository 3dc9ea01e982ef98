using System.Linq.Expressions;
using Forest.Mvc.Schema;

namespace Forest.Mvc;

/// <summary>Customises how the entities of the EF Core model are exposed as collections.</summary>
public sealed class ForestModelBuilder
{
    internal Dictionary<Type, CollectionConfiguration> Collections { get; } = [];

    /// <summary>Configures the collection of entity <typeparamref name="TEntity"/>.</summary>
    /// <typeparam name="TEntity">An entity type of the model.</typeparam>
    /// <param name="configure">Names, segments and field names of the collection.</param>
    /// <returns>This builder, to chain calls.</returns>
    public ForestModelBuilder Collection<TEntity>(Action<CollectionBuilder<TEntity>> configure)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (!Collections.TryGetValue(typeof(TEntity), out var configuration))
        {
            configuration = new CollectionConfiguration();
            Collections[typeof(TEntity)] = configuration;
        }

        configure(new CollectionBuilder<TEntity>(configuration));
        return this;
    }
}

/// <summary>Configures one collection: its name, its field names and its named segments.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class CollectionBuilder<TEntity>
    where TEntity : class
{
    private readonly CollectionConfiguration _configuration;

    internal CollectionBuilder(CollectionConfiguration configuration) => _configuration = configuration;

    /// <summary>Sets the collection name users see (default: the snake_case name of the table).</summary>
    /// <param name="name">The collection name, e.g. <c>companies</c>.</param>
    /// <returns>This builder.</returns>
    public CollectionBuilder<TEntity> Named(string name)
    {
        _configuration.Name = name;
        return this;
    }

    /// <summary>Renames a field or an association (default: the snake_case name of the property).</summary>
    /// <param name="property">The property, e.g. <c>c =&gt; c.EmittedTransactions</c>.</param>
    /// <param name="name">The name users see, e.g. <c>emitted_transactions</c>.</param>
    /// <returns>This builder.</returns>
    public CollectionBuilder<TEntity> Field(Expression<Func<TEntity, object?>> property, string name)
    {
        _configuration.FieldNames[PropertyName(property)] = name;
        return this;
    }

    /// <summary>
    /// Sets the field that names a record in the console: record titles, breadcrumbs, relation cells, record pickers,
    /// approvals and the activity log (default: the first of <c>Name</c>, <c>FullName</c>, <c>DisplayName</c>,
    /// <c>Title</c>, <c>Label</c>, <c>Email</c>, <c>Reference</c>, <c>Code</c>, <c>Number</c>, <c>Slug</c>; else the id).
    /// The same as <see cref="ReferenceFieldAttribute"/> on the property.
    /// </summary>
    /// <param name="property">The property, e.g. <c>u =&gt; u.Email</c>.</param>
    /// <returns>This builder.</returns>
    public CollectionBuilder<TEntity> ReferenceField(Expression<Func<TEntity, object?>> property)
    {
        _configuration.ReferenceField = PropertyName(property);
        return this;
    }

    /// <summary>Declares a named segment: a filter users pick in the list and that "select all" honours.</summary>
    /// <param name="name">The segment name sent as <c>segment</c>.</param>
    /// <param name="predicate">The records in the segment; translated to SQL.</param>
    /// <returns>This builder.</returns>
    public CollectionBuilder<TEntity> Segment(string name, Expression<Func<TEntity, bool>> predicate)
    {
        _configuration.Segments.Add((name, predicate));
        return this;
    }

    /// <summary>
    /// Enables an action only for records matching <paramref name="predicate"/> (every selected record must). The
    /// console shows it disabled with <paramref name="reason"/>, and a call on other records is refused with
    /// <c>400 {"error": reason}</c>.
    /// </summary>
    /// <param name="action">The action name, e.g. "Mark as Live".</param>
    /// <param name="predicate">When the action makes sense, e.g. <c>c =&gt; c.Status != "live"</c>; translated to SQL.</param>
    /// <param name="reason">Why it is disabled otherwise.</param>
    /// <returns>This builder.</returns>
    public CollectionBuilder<TEntity> ActionEnabledWhen(string action, Expression<Func<TEntity, bool>> predicate, string reason)
    {
        _configuration.EnableRules[action] = (predicate, reason);
        return this;
    }

    private static string PropertyName(Expression<Func<TEntity, object?>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
        return body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException("The expression must be a property access, like c => c.Name.", nameof(property));
    }
}

/// <summary>What <see cref="CollectionBuilder{TEntity}"/> recorded.</summary>
internal sealed class CollectionConfiguration
{
    public string? Name { get; set; }

    public Dictionary<string, string> FieldNames { get; } = new(StringComparer.Ordinal);

    public List<(string Name, LambdaExpression Predicate)> Segments { get; } = [];

    public Dictionary<string, (LambdaExpression Predicate, string Reason)> EnableRules { get; } = new(StringComparer.Ordinal);

    /// <summary>The property that names a record, when set in code.</summary>
    public string? ReferenceField { get; set; }
}
