using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Records;

/// <summary>
/// Builds the <see cref="IQueryable{T}"/> of a list or of a selection: segment, filters, search, ids, exclusions
/// and the parent's association, all translated to SQL by EF Core. Nothing is loaded here.
/// </summary>
internal sealed class RecordsQueryBuilder(ForestRegistry registry, TimeProvider time, FilterLimits? limits = null)
{
    public FilterLimits Limits { get; } = limits ?? FilterLimits.Default;

    private static readonly MethodInfo QueryableWhere = typeof(Queryable).GetMethods()
        .First(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableSelectMany = typeof(Queryable).GetMethods()
        .First(m => m.Name == nameof(Queryable.SelectMany) && m.GetParameters().Length == 2 && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableSelect = typeof(Queryable).GetMethods()
        .First(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableContains = typeof(Queryable).GetMethods()
        .First(m => m.Name == nameof(Queryable.Contains) && m.GetParameters().Length == 2);

    private static readonly MethodInfo StringToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;

    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    private static readonly MethodInfo DbSetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

    /// <summary>Applies the segment, the condition tree and the search of a list query.</summary>
    public IQueryable<T> Filter<T>(IQueryable<T> source, CollectionDescriptor collection, ListQuery query)
        where T : class
    {
        var parameter = Expression.Parameter(typeof(T), "record");
        if (query.SegmentQuery is not null)
        {
            // Resolved by LiveQuerySegments before any query is built; unresolved, it is refused, never ignored.
            source = query.SegmentIds is { } ids
                ? WhereIds(source, collection, ids, exclude: false)
                : throw ForestRequestException.BadRequest("segmentQuery: live-query segments are not enabled here. The SQL segment is refused rather than ignored.");
        }

        if (query.Segment is { } segmentName)
        {
            if (!collection.Segments.TryGetValue(segmentName, out var segment))
            {
                var known = collection.Segments.Count == 0 ? "none" : string.Join(", ", collection.Segments.Keys.Order(StringComparer.Ordinal));
                throw ForestRequestException.BadRequest($"segment: '{segmentName}' is not a segment of the collection '{collection.Name}' (known: {known}).");
            }

            source = source.Where((Expression<Func<T, bool>>)segment);
        }

        if (query.Filters is { } filters)
        {
            var translator = Translator(query.TimeZone, query.Scopes);
            source = source.Where(ExpressionParts.Lambda<T>(translator.Translate(filters, collection, parameter), parameter));
        }

        if (query.Search is { } search)
        {
            source = source.Where(ExpressionParts.Lambda<T>(Search(collection, parameter, query), parameter));
        }

        return source;
    }

    /// <summary>A condition tree (a rule's condition, without the caller's scopes) as a predicate on the entity.</summary>
    public Expression<Func<T, bool>> Predicate<T>(CollectionDescriptor collection, ConditionNode condition, TimeZoneInfo timeZone)
        where T : class
    {
        var parameter = Expression.Parameter(typeof(T), "record");
        var translator = Translator(timeZone);
        return ExpressionParts.Lambda<T>(translator.Translate(condition, collection, parameter), parameter);
    }

    /// <summary>
    /// <c>record =&gt; [record, reference1, visible1, reference2, visible2, …]</c>: each reference loaded by the same
    /// query (a join), with whether it lies within the caller's scope on its own collection.
    /// </summary>
    public Expression<Func<T, object?[]>> WithReferences<T>(IReadOnlyList<RelationshipDescriptor> references, CallerScopes scopes, TimeZoneInfo timeZone)
        where T : class
    {
        var record = Expression.Parameter(typeof(T), "record");
        var items = new List<Expression> { Expression.Convert(record, typeof(object)) };
        foreach (var reference in references)
        {
            var target = registry.FindCollection(reference.TargetClrType)!;
            var navigation = Expression.Property(record, reference.PropertyInfo!);
            items.Add(Expression.Convert(navigation, typeof(object)));
            items.Add(scopes.Of(target.Name) is { } scope
                ? Expression.Convert(Translator(timeZone).Translate(scope, target, navigation), typeof(object))
                : Expression.Constant(true, typeof(object)));
        }

        return Expression.Lambda<Func<T, object?[]>>(Expression.NewArrayInit(typeof(object), items), record);
    }

    /// <summary>The condition translator of one query: its time zone, the current time, the limits, and the caller's scopes for relations.</summary>
    private FilterTranslator Translator(TimeZoneInfo timeZone, CallerScopes? scopes = null) =>
        new(registry, timeZone, time.GetUtcNow().UtcDateTime, Limits, scopes);

    /// <summary>Keeps (or, with <paramref name="exclude"/>, removes) the records with the given ids.</summary>
    public static IQueryable<T> WhereIds<T>(IQueryable<T> source, CollectionDescriptor collection, IReadOnlyCollection<string> ids, bool exclude)
        where T : class =>
        WhereKeys(source, collection, ParseIds(collection, ids, "ids"), exclude);

    /// <summary>Keeps (or removes) the records with the given keys, already parsed into the key type.</summary>
    public static IQueryable<T> WhereKeys<T>(IQueryable<T> source, CollectionDescriptor collection, IReadOnlyList<object?> keys, bool exclude)
        where T : class
    {
        var parameter = Expression.Parameter(typeof(T), "record");
        var key = collection.PrimaryKey;
        Expression body = ExpressionParts.In(ExpressionParts.Access(parameter, key), key.ClrType, keys);
        if (exclude)
        {
            body = Expression.Not(body);
        }

        return source.Where(ExpressionParts.Lambda<T>(body, parameter));
    }

    /// <summary>The children of one parent record through a has-many (or many-to-many) association.</summary>
    public IQueryable<T> ChildrenOf<T>(DbContext db, CollectionDescriptor parent, string parentId, RelationshipDescriptor association)
        where T : class
    {
        var id = ParseIds(parent, [parentId], "parent_collection_id")[0];
        var child = Expression.Parameter(typeof(T), "child");
        if (association.PrincipalForeignKey is { } foreignKey && association.Kind == RelationshipKind.HasMany)
        {
            var fk = ExpressionParts.Access(child, foreignKey.PropertyInfo, foreignKey.Name, foreignKey.ClrType);
            var equal = Expression.Equal(fk, ExpressionParts.Parameter(id, foreignKey.ClrType));
            return db.Set<T>().Where(ExpressionParts.Lambda<T>(equal, child));
        }

        // Many-to-many: record.pk IN (SELECT child.pk FROM parents p JOIN … WHERE p.pk = @id).
        // The set's own expression (a query root), not a constant holding the set, so that EF Core inlines it.
        var parentSet = ((IQueryable)DbSetMethod.MakeGenericMethod(parent.ClrType).Invoke(db, null)!).Expression;
        var p = Expression.Parameter(parent.ClrType, "parent");
        var parentFilter = Expression.Lambda(Expression.Equal(ExpressionParts.Access(p, parent.PrimaryKey), ExpressionParts.Parameter(id, parent.PrimaryKey.ClrType)), p);
        var filteredParents = Expression.Call(QueryableWhere.MakeGenericMethod(parent.ClrType), parentSet, Expression.Quote(parentFilter));
        var navigation = Expression.Lambda(typeof(Func<,>).MakeGenericType(parent.ClrType, typeof(IEnumerable<T>)), Expression.Property(p, association.PropertyInfo!), p);
        var children = Expression.Call(QueryableSelectMany.MakeGenericMethod(parent.ClrType, typeof(T)), filteredParents, Expression.Quote(navigation));
        var childCollection = registry.FindCollection(typeof(T))!;
        var c = Expression.Parameter(typeof(T), "c");
        var keyType = childCollection.PrimaryKey.ClrType;
        var keys = Expression.Call(QueryableSelect.MakeGenericMethod(typeof(T), keyType), children, Expression.Quote(Expression.Lambda(ExpressionParts.Access(c, childCollection.PrimaryKey), c)));
        var contains = Expression.Call(QueryableContains.MakeGenericMethod(keyType), keys, ExpressionParts.Access(child, childCollection.PrimaryKey));
        return db.Set<T>().Where(ExpressionParts.Lambda<T>(contains, child));
    }

    /// <summary>
    /// Orders by <c>sort</c> (<c>field</c> or <c>-field</c>, or <c>relation.field</c> for a field of a reference, as
    /// Forest's clients send it), then by primary key so pages are stable.
    /// </summary>
    public static IQueryable<T> Sort<T>(IQueryable<T> source, CollectionDescriptor collection, string? sort)
        where T : class => Sort(source, collection, sort, registry: null);

    /// <inheritdoc cref="Sort{T}(IQueryable{T}, CollectionDescriptor, string?)"/>
    public IQueryable<T> SortBy<T>(IQueryable<T> source, CollectionDescriptor collection, string? sort)
        where T : class => Sort(source, collection, sort, registry);

    private static IQueryable<T> Sort<T>(IQueryable<T> source, CollectionDescriptor collection, string? sort, ForestRegistry? registry)
        where T : class
    {
        var descending = sort?.StartsWith('-') ?? false;
        var name = sort?.TrimStart('-');
        var parameter = Expression.Parameter(typeof(T), "record");
        Expression access;
        Type type;
        if (name is not null && name.Split('.') is [var relationName, var targetName] && registry is not null)
        {
            var relation = collection.FindRelationship(relationName) is { IsCollection: false, PropertyInfo: { } property } found ? (found, property) : default;
            var target = relation.found is null ? null : registry.FindCollection(relation.found.TargetClrType);
            var field = target?.FindField(targetName)
                ?? throw ForestRequestException.BadRequest($"sort: '{name}' is not a field of a reference of the collection '{collection.Name}' (relation.field, e.g. a belongs-to relation and a field of its collection).");
            access = ExpressionParts.Access(Expression.Property(parameter, relation.property), field);
            type = field.ClrType;
        }
        else
        {
            var field = name is null ? collection.PrimaryKey
                : collection.FindField(name) ?? throw ForestRequestException.BadRequest($"sort: '{name}' is not a sortable field of the collection '{collection.Name}'.");
            if (field.IsPrimaryKey)
            {
                return OrderBy(source, Expression.Lambda(ExpressionParts.Access(parameter, field), parameter), field.ClrType, descending, first: true);
            }

            access = ExpressionParts.Access(parameter, field);
            type = field.ClrType;
        }

        var ordered = OrderBy(source, Expression.Lambda(access, parameter), type, descending, first: true);
        return OrderBy(ordered, Expression.Lambda(ExpressionParts.Access(parameter, collection.PrimaryKey), parameter), collection.PrimaryKey.ClrType, descending: false, first: false);
    }

    /// <summary>Parses id strings into the key type; a malformed id is a 400 naming it.</summary>
    public static List<object?> ParseIds(CollectionDescriptor collection, IEnumerable<string> ids, string what)
    {
        var keyType = collection.PrimaryKey.ClrType;
        return ids.Select(id => (object?)(ValueConverter.FromString(id, keyType)
            ?? throw ForestRequestException.BadRequest($"{what}: '{Shorten(id)}' is not a valid id of the collection '{collection.Name}' ({ValueConverter.Describe(keyType)} expected)."))).ToList();
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..37] + "..." : text;

    private static IOrderedQueryable<T> OrderBy<T>(IQueryable<T> source, LambdaExpression key, Type type, bool descending, bool first)
    {
        var method = (first, descending) switch
        {
            (true, false) => nameof(Queryable.OrderBy),
            (true, true) => nameof(Queryable.OrderByDescending),
            (false, false) => nameof(Queryable.ThenBy),
            (false, true) => nameof(Queryable.ThenByDescending),
        };
        var call = Expression.Call(typeof(Queryable), method, [typeof(T), type], source.Expression, Expression.Quote(key));
        return (IOrderedQueryable<T>)source.Provider.CreateQuery<T>(call);
    }

    private static readonly System.Reflection.MethodInfo EfLike = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>
    /// Case-insensitive "contains" over every text field (and equality on the key when the search is one). On SQLite,
    /// <c>LIKE</c> is already case-insensitive (for ASCII, as SQLite's own <c>lower()</c>), so the column is matched
    /// as it is, with the search's wildcards escaped, instead of lowering every row first.
    /// </summary>
    /// <summary>
    /// The search: any text field contains the words (case-insensitive), or the id equals them; with
    /// <c>searchExtended</c>, also the text fields of each reference (one level) that lies within the caller's scope.
    /// </summary>
    private Expression Search(CollectionDescriptor collection, ParameterExpression parameter, ListQuery query)
    {
        var search = query.Search!;
        var likeIgnoresCase = registry.DatabaseType == "sqlite";
        var lowered = ExpressionParts.Parameter(search.ToLowerInvariant(), typeof(string));
        var pattern = ExpressionParts.Parameter("%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%", typeof(string));
        Expression TextMatch(CollectionDescriptor owner, Expression instance)
        {
            Expression result = Expression.Constant(false);
            foreach (var field in owner.Fields.Where(f => f.IsText))
            {
                var member = ExpressionParts.Access(instance, field);
                Expression match = likeIgnoresCase
                    ? Expression.Call(EfLike, Expression.Constant(EF.Functions), member, pattern, Expression.Constant("\\"))
                    : Expression.AndAlso(
                        Expression.NotEqual(member, Expression.Constant(null, typeof(string))),
                        Expression.Call(Expression.Call(member, StringToLower), StringContains, lowered));
                result = Expression.OrElse(result, match);
            }

            return result;
        }

        var matches = TextMatch(collection, parameter);
        var key = collection.PrimaryKey;
        if (!key.IsText && ValueConverter.FromString(search, key.ClrType) is { } id)
        {
            matches = Expression.OrElse(matches, Expression.Equal(ExpressionParts.Access(parameter, key), ExpressionParts.Parameter(id, key.ClrType)));
        }

        if (query.SearchExtended)
        {
            foreach (var reference in collection.Relationships.Where(r => !r.IsCollection && r.PropertyInfo is not null))
            {
                if (registry.FindCollection(reference.TargetClrType) is not { } target)
                {
                    continue;
                }

                var navigation = Expression.Property(parameter, reference.PropertyInfo!);
                var related = TextMatch(target, navigation);
                if (query.Scopes.Of(target.Name) is { } scope)
                {
                    related = Expression.AndAlso(Translator(query.TimeZone).Translate(scope, target, navigation), related);
                }

                matches = Expression.OrElse(matches, related);
            }
        }

        return matches;
    }
}
