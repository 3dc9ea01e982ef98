using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Forest.Mvc.Schema;

/// <summary>Reads the collections (fields, keys, relationships) from an EF Core model, once at startup.</summary>
internal static class CollectionModelReader
{
    public static List<CollectionDescriptor> Read(
        IModel model,
        IReadOnlyDictionary<Type, CollectionConfiguration> configurations,
        List<string> errors)
    {
        var collections = new List<CollectionDescriptor>();
        foreach (var entityType in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entityType.IsOwned() || entityType.HasSharedClrType || entityType.FindPrimaryKey() is not { Properties.Count: 1 } key
                || !ForestTypes.IsSupportedKey(key.Properties[0].ClrType))
            {
                continue; // join tables, owned types, composite keys and keys of other types are not collections
            }

            configurations.TryGetValue(entityType.ClrType, out var configuration);
            collections.Add(ReadCollection(entityType, configuration ?? new CollectionConfiguration(), errors));
        }

        var byType = collections.ToDictionary(c => c.ClrType);
        foreach (var collection in collections)
        {
            foreach (var relationship in collection.Relationships)
            {
                relationship.TargetCollection = byType.TryGetValue(relationship.TargetClrType, out var target) ? target.Name : "";
            }
        }

        foreach (var duplicate in collections.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"Several entity types are exposed as the collection '{duplicate.Key}' ({string.Join(", ", duplicate.Select(c => c.ClrType.FullName))}). Give each a distinct name with Collection<T>(c => c.Named(\"...\")).");
        }

        return collections;
    }

    private static CollectionDescriptor ReadCollection(IEntityType entityType, CollectionConfiguration configuration, List<string> errors)
    {
        string NameOf(string propertyName) =>
            configuration.FieldNames.TryGetValue(propertyName, out var custom) ? custom : JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

        var key = entityType.FindPrimaryKey()!.Properties[0];
        var hiddenForeignKeys = entityType.GetForeignKeys()
            .Where(fk => fk.DependentToPrincipal is not null && fk.Properties.Count == 1)
            .Select(fk => fk.Properties[0])
            .Where(p => !p.IsPrimaryKey())
            .ToHashSet();

        var fields = new List<FieldDescriptor>();
        foreach (var property in entityType.GetProperties())
        {
            if (hiddenForeignKeys.Contains(property) || property.IsShadowProperty() || ForestTypes.Of(property.ClrType) is not { } forestType)
            {
                continue;
            }

            fields.Add(new FieldDescriptor
            {
                Name = NameOf(property.Name),
                PropertyName = property.Name,
                ClrType = property.ClrType,
                PropertyInfo = property.PropertyInfo,
                ForestType = forestType,
                IsPrimaryKey = property.IsPrimaryKey(),
                IsRequired = !property.IsNullable && !property.IsPrimaryKey(),
                IsReadOnly = property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never,
                Enums = ForestTypes.EnumNames(property.ClrType),
                Getter = AccessorFactory.Getter(entityType.ClrType, property),
            });
        }

        var relationships = new List<RelationshipDescriptor>();
        foreach (var navigation in entityType.GetNavigations())
        {
            if (navigation.TargetEntityType.IsOwned())
            {
                continue;
            }

            var foreignKey = navigation.ForeignKey;
            var kind = navigation.IsCollection ? RelationshipKind.HasMany
                : navigation.IsOnDependent ? RelationshipKind.BelongsTo : RelationshipKind.HasOne;
            relationships.Add(new RelationshipDescriptor
            {
                Name = NameOf(navigation.Name),
                Kind = kind,
                TargetClrType = navigation.TargetEntityType.ClrType,
                Navigation = navigation,
                DependentForeignKey = kind == RelationshipKind.BelongsTo && foreignKey.Properties.Count == 1 ? foreignKey.Properties[0] : null,
                ForeignKeyGetter = kind == RelationshipKind.BelongsTo && foreignKey.Properties is [{ PropertyInfo: not null } fkProperty]
                    ? AccessorFactory.Getter(entityType.ClrType, fkProperty)
                    : null,
                PrincipalForeignKey = kind != RelationshipKind.BelongsTo && foreignKey.Properties.Count == 1 ? foreignKey.Properties[0] : null,
                InverseOf = navigation.Inverse is { } inverse ? JsonNamingPolicy.SnakeCaseLower.ConvertName(inverse.Name) : null,
            });
        }

        foreach (var skip in entityType.GetSkipNavigations())
        {
            relationships.Add(new RelationshipDescriptor
            {
                Name = NameOf(skip.Name),
                Kind = RelationshipKind.BelongsToMany,
                TargetClrType = skip.TargetEntityType.ClrType,
                Navigation = skip,
                InverseOf = skip.Inverse is { } inverse ? JsonNamingPolicy.SnakeCaseLower.ConvertName(inverse.Name) : null,
            });
        }

        var segments = new Dictionary<string, LambdaExpression>(StringComparer.Ordinal);
        foreach (var (name, predicate) in configuration.Segments)
        {
            if (!segments.TryAdd(name, predicate))
            {
                errors.Add($"The segment '{name}' is declared twice on {entityType.ClrType.FullName}. Give each segment a distinct name.");
            }
        }

        var collectionName = configuration.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(entityType.GetTableName() ?? entityType.ClrType.Name);
        var primaryKey = fields.Single(f => f.PropertyName == key.Name);
        var reference = ReferenceFields.Of(entityType.ClrType, fields, configuration.ReferenceField, errors);
        return new CollectionDescriptor
        {
            Name = collectionName,
            ClrType = entityType.ClrType,
            EntityType = entityType,
            PrimaryKey = primaryKey,
            Fields = fields,
            ReferenceField = reference,
            DeclaredOrder = ReferenceFields.DeclaredOrder(entityType.ClrType, fields, relationships, primaryKey, reference),
            Relationships = relationships,
            Segments = segments.ToFrozenDictionary(StringComparer.Ordinal),
            EnableRules = configuration.EnableRules.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }
}

/// <summary>Compiled property getters, so that nothing reflects on the request path.</summary>
internal static class AccessorFactory
{
    public static Func<object, object?> Getter(Type entityType, IProperty property)
    {
        var instance = Expression.Parameter(typeof(object), "entity");
        var typed = Expression.Convert(instance, entityType);
        Expression access = property.PropertyInfo is { } info
            ? Expression.Property(typed, info)
            : Expression.Field(typed, property.FieldInfo!);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(access, typeof(object)), instance).Compile();
    }
}
