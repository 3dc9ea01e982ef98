using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Records;

/// <summary>How large a condition tree may be: its number of conditions, and the values of one <c>in</c>.</summary>
internal sealed record FilterLimits(int MaxConditions, int MaxValues)
{
    public static FilterLimits Default { get; } = new(200, 1_000);
}

/// <summary>
/// Translates a Forest condition tree into a LINQ predicate that EF Core turns into SQL. Unknown fields, unknown
/// operators and values of the wrong type are refused with a 400 naming them. Trees over
/// <see cref="FilterLimits.MaxConditions"/> are refused before anything is built, and aggregators become balanced
/// trees (depth log2 n), so that no tree a caller sends can overflow the stack of EF Core or the database.
/// </summary>
/// <remarks>
/// A condition that goes through a relation (<c>company:name</c>) to a collection on which the caller has a scope
/// only matches records whose related record is inside that scope: the scope is translated on the relation and
/// combined with the condition, so that no filter can reveal data outside the caller's reach.
/// </remarks>
internal sealed class FilterTranslator(ForestRegistry registry, TimeZoneInfo timeZone, DateTime utcNow, FilterLimits? limits = null, CallerScopes? scopes = null)
{
    private readonly FilterLimits _limits = limits ?? FilterLimits.Default;

    private static readonly string[] Operators =
    [
        "equal", "not_equal", "greater_than", "less_than", "after", "before", "in", "not_in", "contains", "not_contains",
        "i_contains", "not_i_contains", "starts_with", "ends_with", "present", "blank", "today", "yesterday", "past", "future",
        "previous_x_days", "previous_x_days_to_date", "previous_week", "previous_month", "previous_year",
        "before_x_hours_ago", "after_x_hours_ago",
    ];

    private static readonly string[] DateRangeOperators =
    [
        "today", "yesterday", "past", "future", "previous_x_days", "previous_x_days_to_date", "previous_week",
        "previous_month", "previous_year", "before_x_hours_ago", "after_x_hours_ago",
    ];

    /// <summary>The operators this translator accepts on a field of <paramref name="type"/> (what <c>_internal/capabilities</c> announces).</summary>
    public static IReadOnlyList<string> OperatorsFor(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var operators = new List<string> { "equal", "not_equal", "in", "not_in", "present", "blank" };
        if (underlying == typeof(string))
        {
            operators.AddRange(["contains", "not_contains", "i_contains", "not_i_contains", "starts_with", "ends_with"]);
        }
        else if (underlying != typeof(bool) && underlying != typeof(Guid) && !underlying.IsEnum)
        {
            operators.AddRange(["greater_than", "less_than"]);
        }

        if (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset) || underlying == typeof(DateOnly))
        {
            operators.AddRange(["after", "before", .. DateRangeOperators]);
        }

        return operators;
    }

    /// <summary>Checks the size of the tree, then translates it.</summary>
    /// <param name="node">The condition tree.</param>
    /// <param name="collection">The collection of the records it applies to.</param>
    /// <param name="parameter">The record: a lambda's parameter, or a navigation to a related record.</param>
    public Expression Translate(ConditionNode node, CollectionDescriptor collection, Expression parameter)
    {
        var count = node.Count(_limits.MaxConditions + 1);
        if (count > _limits.MaxConditions)
        {
            throw ForestRequestException.BadRequest($"filters: the condition tree has more than {_limits.MaxConditions} conditions, the limit (Forest:MaxFilterConditions). Use 'in' for a list of values, or all_records_ids_excluded.");
        }

        return TranslateNode(node, collection, parameter);
    }

    private Expression TranslateNode(ConditionNode node, CollectionDescriptor collection, Expression parameter) => node switch
    {
        ConditionBranch branch => Branch(branch, collection, parameter),
        ConditionLeaf leaf => Leaf(leaf, collection, parameter),
        _ => throw new InvalidOperationException("Unknown condition node."),
    };

    private Expression Branch(ConditionBranch branch, CollectionDescriptor collection, Expression parameter)
    {
        if (branch.Conditions.Count == 0)
        {
            return Expression.Constant(!branch.IsOr);
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var parts = branch.Conditions.Select(c => TranslateNode(c, collection, parameter)).ToList();
        return Balanced(parts, 0, parts.Count, branch.IsOr);
    }

    /// <summary>Combines parts[from..to) as a balanced tree, not a left-deep chain.</summary>
    private static Expression Balanced(List<Expression> parts, int from, int to, bool isOr)
    {
        if (to - from == 1)
        {
            return parts[from];
        }

        var middle = from + ((to - from) / 2);
        var left = Balanced(parts, from, middle, isOr);
        var right = Balanced(parts, middle, to, isOr);
        return isOr ? Expression.OrElse(left, right) : Expression.AndAlso(left, right);
    }

    private Expression Leaf(ConditionLeaf leaf, CollectionDescriptor collection, Expression parameter)
    {
        if (!Operators.Contains(leaf.Operator))
        {
            throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' is not supported (supported: {string.Join(", ", Operators)}).");
        }

        var (member, type, guard) = ResolveMember(leaf.Field, collection, parameter);
        var condition = Condition(leaf, member, type);
        return guard is null ? condition : Expression.AndAlso(guard, condition);
    }

    private Expression Condition(ConditionLeaf leaf, Expression member, Type type)
    {
        var what = $"filters: the value of '{leaf.Field}'";
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var canBeNull = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        switch (leaf.Operator)
        {
            case "equal":
            case "not_equal":
                var value = ValueConverter.FromJson(leaf.Value, type, what);
                if (value is null && !canBeNull)
                {
                    return Expression.Constant(leaf.Operator == "not_equal");
                }

                var operand = value is null ? Expression.Constant(null, type) : ExpressionParts.Parameter(value, type);
                return leaf.Operator == "equal" ? Expression.Equal(member, operand) : Expression.NotEqual(member, operand);
            case "greater_than" or "after":
                return Compare(leaf, member, type, ExpressionType.GreaterThan);
            case "less_than" or "before":
                return Compare(leaf, member, type, ExpressionType.LessThan);
            case "in" or "not_in":
                var values = ListValues(leaf, _limits.MaxValues).Select(v => ValueConverter.FromJson(v, type, what)).ToList();
                if (values.Any(v => v is null) && !canBeNull)
                {
                    throw ForestRequestException.BadRequest($"{what} cannot contain null.");
                }

                var inList = ExpressionParts.In(member, type, values);
                return leaf.Operator == "in" ? inList : Expression.Not(inList);
            case "present":
                return Present(member, type, canBeNull);
            case "blank":
                return Expression.Not(Present(member, type, canBeNull));
            case "contains" or "not_contains" or "i_contains" or "not_i_contains" or "starts_with" or "ends_with":
                return Text(leaf, member, type);
            default:
                return DateRange(leaf, member, underlying, type);
        }
    }

    /// <returns>The member read, its type, and for a relation to a scoped collection the scope on the related record.</returns>
    private (Expression Member, Type Type, Expression? Guard) ResolveMember(string path, CollectionDescriptor collection, Expression parameter)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var relationship = collection.FindRelationship(path[..colon]);
            if (relationship is not { IsCollection: false, PropertyInfo: not null } || registry.FindCollection(relationship.TargetClrType) is not { } target)
            {
                throw ForestRequestException.BadRequest($"filters: '{path[..colon]}' is not a reference (belongs-to) of the collection '{collection.Name}'.");
            }

            var targetField = target.FindField(path[(colon + 1)..])
                ?? throw ForestRequestException.BadRequest($"filters: the field '{path[(colon + 1)..]}' does not exist in the collection '{target.Name}'.");
            var navigation = Expression.Property(parameter, relationship.PropertyInfo);
            var guard = scopes?.Of(target.Name) is { } scope
                ? new FilterTranslator(registry, timeZone, utcNow, _limits).TranslateNode(scope, target, navigation)
                : null;
            return (ExpressionParts.Access(navigation, targetField), targetField.ClrType, guard);
        }

        if (collection.FindField(path) is { } field)
        {
            return (ExpressionParts.Access(parameter, field), field.ClrType, null);
        }

        if (collection.FindRelationship(path) is { DependentForeignKey: { } foreignKey })
        {
            return (ExpressionParts.Access(parameter, foreignKey.PropertyInfo, foreignKey.Name, foreignKey.ClrType), foreignKey.ClrType, null);
        }

        throw ForestRequestException.BadRequest($"filters: the field '{path}' does not exist in the collection '{collection.Name}'.");
    }

    private static BinaryExpression Compare(ConditionLeaf leaf, Expression member, Type type, ExpressionType comparison)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying == typeof(bool) || underlying == typeof(Guid) || underlying.IsEnum)
        {
            throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' does not apply to the field '{leaf.Field}' ({ValueConverter.Describe(type)}).");
        }

        var value = ValueConverter.FromJson(leaf.Value, type, $"filters: the value of '{leaf.Field}'")
            ?? throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' on '{leaf.Field}' needs a value.");
        return Expression.MakeBinary(comparison, member, ExpressionParts.Parameter(value, type));
    }

    private static Expression Present(Expression member, Type type, bool canBeNull)
    {
        Expression notNull = canBeNull ? Expression.NotEqual(member, Expression.Constant(null, type)) : Expression.Constant(true);
        return type == typeof(string)
            ? Expression.AndAlso(notNull, Expression.NotEqual(member, Expression.Constant(string.Empty)))
            : notNull;
    }

    private static BinaryExpression Text(ConditionLeaf leaf, Expression member, Type type)
    {
        if (type != typeof(string))
        {
            throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' only applies to text fields, and '{leaf.Field}' is {ValueConverter.Describe(type)}.");
        }

        var text = ValueConverter.FromJson(leaf.Value, typeof(string), $"filters: the value of '{leaf.Field}'") as string
            ?? throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' on '{leaf.Field}' needs a value.");
        var insensitive = leaf.Operator.Contains("i_", StringComparison.Ordinal);
        var subject = insensitive ? Expression.Call(member, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!) : member;
        var argument = ExpressionParts.Parameter(insensitive ? text.ToLowerInvariant() : text, typeof(string));
        var method = leaf.Operator switch
        {
            "starts_with" => nameof(string.StartsWith),
            "ends_with" => nameof(string.EndsWith),
            _ => nameof(string.Contains),
        };
        Expression call = Expression.Call(subject, typeof(string).GetMethod(method, [typeof(string)])!, argument);
        var isNotNull = Expression.NotEqual(member, Expression.Constant(null, typeof(string)));
        return leaf.Operator.StartsWith("not_", StringComparison.Ordinal)
            ? Expression.OrElse(Expression.Not(isNotNull), Expression.Not(call))
            : Expression.AndAlso(isNotNull, call);
    }

    private static List<JsonElement> ListValues(ConditionLeaf leaf, int max)
    {
        var values = leaf.Value.ValueKind switch
        {
            JsonValueKind.Array => leaf.Value.EnumerateArray().Take(max + 1).ToList(),
            JsonValueKind.String => leaf.Value.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Take(max + 1).Select(s => JsonSerializer.SerializeToElement(s)).ToList(),
            _ => throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' on '{leaf.Field}' needs a list of values."),
        };
        return values.Count <= max
            ? values
            : throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' on '{leaf.Field}' has more than {max} values, the limit (Forest:MaxFilterValues).");
    }

    private Expression DateRange(ConditionLeaf leaf, Expression member, Type underlying, Type type)
    {
        if (underlying != typeof(DateTime) && underlying != typeof(DateTimeOffset) && underlying != typeof(DateOnly))
        {
            throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' only applies to date fields, and '{leaf.Field}' is {ValueConverter.Describe(type)}.");
        }

        var now = TimeZoneInfo.ConvertTimeFromUtc(utcNow, timeZone);
        var today = now.Date;
        var mondayOffset = ((int)today.DayOfWeek + 6) % 7;
        var monthStart = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        (DateTime? From, DateTime? To) range = leaf.Operator switch
        {
            "today" => (today, today.AddDays(1)),
            "yesterday" => (today.AddDays(-1), today),
            "past" => (null, now),
            "future" => (now, null),
            "previous_x_days" => (today.AddDays(-Count(leaf)), today),
            "previous_x_days_to_date" => (today.AddDays(-Count(leaf)), now),
            "previous_week" => (today.AddDays(-mondayOffset - 7), today.AddDays(-mondayOffset)),
            "previous_month" => (monthStart.AddMonths(-1), monthStart),
            "previous_year" => (new DateTime(today.Year - 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), new DateTime(today.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)),
            "before_x_hours_ago" => (null, now.AddHours(-Count(leaf))),
            "after_x_hours_ago" => (now.AddHours(-Count(leaf)), null),
            _ => throw new InvalidOperationException("Unhandled operator " + leaf.Operator),
        };

        Expression result = Expression.Constant(true);
        if (range.From is { } from)
        {
            result = Expression.AndAlso(result, Expression.GreaterThanOrEqual(member, Bound(from, underlying, type)));
        }

        if (range.To is { } to)
        {
            result = Expression.AndAlso(result, Expression.LessThan(member, Bound(to, underlying, type)));
        }

        return result;
    }

    private Expression Bound(DateTime local, Type underlying, Type type)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), timeZone);
        var value = underlying == typeof(DateOnly) ? DateOnly.FromDateTime(local)
            : underlying == typeof(DateTimeOffset) ? new DateTimeOffset(utc, TimeSpan.Zero)
            : (object)utc;
        return ExpressionParts.Parameter(value, type);
    }

    private static int Count(ConditionLeaf leaf)
    {
        var text = leaf.Value.ValueKind switch
        {
            JsonValueKind.Number => leaf.Value.GetRawText(),
            JsonValueKind.String => leaf.Value.GetString(),
            _ => null,
        };
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 0 and <= 100_000
            ? count
            : throw ForestRequestException.BadRequest($"filters: the operator '{leaf.Operator}' on '{leaf.Field}' needs a whole number as value.");
    }
}
