using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Forest.Mvc.Schema;

/// <summary>The kind of a relationship, with the Forest schema names.</summary>
internal enum RelationshipKind
{
    BelongsTo,
    HasOne,
    HasMany,
    BelongsToMany,
}

/// <summary>A navigation of a collection: a reference (<c>BelongsTo</c>) or a related-data list (<c>HasMany</c>).</summary>
internal sealed class RelationshipDescriptor
{
    public required string Name { get; init; }

    public required RelationshipKind Kind { get; init; }

    public required Type TargetClrType { get; init; }

    public required INavigationBase Navigation { get; init; }

    public PropertyInfo? PropertyInfo => Navigation.PropertyInfo;

    /// <summary>For BelongsTo: the foreign key property on this collection's entity (single-column keys only).</summary>
    public IProperty? DependentForeignKey { get; init; }

    /// <summary>For BelongsTo with a CLR foreign key property: reads it without loading the target.</summary>
    public Func<object, object?>? ForeignKeyGetter { get; init; }

    /// <summary>For HasMany: the foreign key property on the target entity pointing back to this one.</summary>
    public IProperty? PrincipalForeignKey { get; init; }

    public bool IsCollection => Kind is RelationshipKind.HasMany or RelationshipKind.BelongsToMany;

    /// <summary>Filled once every collection is known.</summary>
    public string TargetCollection { get; set; } = "";

    public string? InverseOf { get; init; }
}
