using System.Collections.Frozen;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Forest.Mvc.Schema;

/// <summary>A collection: one EF Core entity type with its fields, relationships and segments (its actions are in the registry).</summary>
internal sealed class CollectionDescriptor
{
    public required string Name { get; init; }

    public required Type ClrType { get; init; }

    public required IEntityType EntityType { get; init; }

    public required FieldDescriptor PrimaryKey { get; init; }

    public required IReadOnlyList<FieldDescriptor> Fields { get; init; }

    public required IReadOnlyList<RelationshipDescriptor> Relationships { get; init; }

    /// <summary>The field that names a record in the console, if there is one (else the id does).</summary>
    public FieldDescriptor? ReferenceField { get; init; }

    /// <summary>The fields and relations in declared order, the id then the reference field first.</summary>
    public IReadOnlyList<string> DeclaredOrder { get; init; } = [];

    /// <summary>Named filters declared in code: <c>Expression&lt;Func&lt;T, bool&gt;&gt;</c> each.</summary>
    public required FrozenDictionary<string, LambdaExpression> Segments { get; init; }

    /// <summary>Enable rules declared in code, by action name: the action is enabled when every selected record matches.</summary>
    public required FrozenDictionary<string, (LambdaExpression Predicate, string Reason)> EnableRules { get; init; }

    public FieldDescriptor? FindField(string name)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }

    public RelationshipDescriptor? FindRelationship(string name)
    {
        foreach (var relationship in Relationships)
        {
            if (string.Equals(relationship.Name, name, StringComparison.Ordinal))
            {
                return relationship;
            }
        }

        return null;
    }
}
