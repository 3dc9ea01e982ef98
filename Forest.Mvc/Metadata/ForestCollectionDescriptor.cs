namespace Forest.Mvc;

/// <summary>
/// A collection as integrations see it (an OpenAPI generator, a documentation page, a test helper): one EF Core entity
/// type with its fields and relationships. Immutable, built once at startup; attached as endpoint metadata to the
/// collection's read routes and reachable from <see cref="ForestActionDescriptor.Collection"/> and <see cref="ForestModel"/>.
/// </summary>
public sealed class ForestCollectionDescriptor
{
    internal ForestCollectionDescriptor(string name, Type clrType, IReadOnlyList<ForestFieldDescriptor> fields, IReadOnlyList<ForestRelationshipDescriptor> relationships, IReadOnlyList<string> segments, string? referenceField)
    {
        ReferenceField = referenceField is null ? null : fields.Single(f => f.Name == referenceField);
        Name = name;
        ClrType = clrType;
        Fields = fields;
        PrimaryKey = fields.Single(f => f.IsPrimaryKey);
        Relationships = relationships;
        Segments = segments;
    }

    /// <summary>The collection's name on the wire (<c>companies</c>).</summary>
    public string Name { get; }

    /// <summary>The entity's CLR type.</summary>
    public Type ClrType { get; }

    /// <summary>The primary key field (its <see cref="ForestFieldDescriptor.ClrType"/> is the type of the ids in requests).</summary>
    public ForestFieldDescriptor PrimaryKey { get; }

    /// <summary>The scalar fields, in the schema's order.</summary>
    public IReadOnlyList<ForestFieldDescriptor> Fields { get; }

    /// <summary>The relationships (references and related-data lists).</summary>
    public IReadOnlyList<ForestRelationshipDescriptor> Relationships { get; }

    /// <summary>The field that names a record (<see cref="ReferenceFieldAttribute"/>, <c>ReferenceField(…)</c> or the convention), if any.</summary>
    public ForestFieldDescriptor? ReferenceField { get; }

    /// <summary>The names of the segments declared in code.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A scalar field of a collection.</summary>
public sealed class ForestFieldDescriptor
{
    internal ForestFieldDescriptor(string name, Type clrType, string type, bool isPrimaryKey, bool isRequired, bool isReadOnly, IReadOnlyList<string>? enums)
    {
        Name = name;
        ClrType = clrType;
        Type = type;
        IsPrimaryKey = isPrimaryKey;
        IsRequired = isRequired;
        IsReadOnly = isReadOnly;
        Enums = enums;
    }

    /// <summary>The field's name on the wire.</summary>
    public string Name { get; }

    /// <summary>The property's CLR type (nullable types included).</summary>
    public Type ClrType { get; }

    /// <summary>The Forest type written in the schema (<c>String</c>, <c>Number</c>, <c>Date</c>, <c>Enum</c>…).</summary>
    public string Type { get; }

    /// <summary>Whether this is the primary key.</summary>
    public bool IsPrimaryKey { get; }

    /// <summary>Whether a value is required.</summary>
    public bool IsRequired { get; }

    /// <summary>Whether the field is read only.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The values of an enum field; <see langword="null"/> otherwise.</summary>
    public IReadOnlyList<string>? Enums { get; }
}

/// <summary>A relationship of a collection.</summary>
public sealed class ForestRelationshipDescriptor
{
    internal ForestRelationshipDescriptor(string name, string kind, string targetCollection)
    {
        Name = name;
        Kind = kind;
        TargetCollection = targetCollection;
    }

    /// <summary>The relationship's name on the wire.</summary>
    public string Name { get; }

    /// <summary>The Forest kind: <c>BelongsTo</c>, <c>HasOne</c>, <c>HasMany</c> or <c>BelongsToMany</c>.</summary>
    public string Kind { get; }

    /// <summary>The name of the collection it leads to.</summary>
    public string TargetCollection { get; }

    /// <summary>Whether it leads to a list of records (<c>HasMany</c>, <c>BelongsToMany</c>).</summary>
    public bool IsToMany => Kind is "HasMany" or "BelongsToMany";
}
