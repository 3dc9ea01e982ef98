using System.Reflection;

namespace Forest.Mvc.Schema;

/// <summary>A scalar field of a collection, read from the EF Core model once at startup.</summary>
internal sealed class FieldDescriptor
{
    public required string Name { get; init; }

    /// <summary>The EF Core property name (usable with <c>EF.Property</c>).</summary>
    public required string PropertyName { get; init; }

    public required Type ClrType { get; init; }

    public PropertyInfo? PropertyInfo { get; init; }

    public required string ForestType { get; init; }

    public bool IsPrimaryKey { get; init; }

    public bool IsRequired { get; init; }

    public bool IsReadOnly { get; init; }

    public IReadOnlyList<string>? Enums { get; init; }

    public required Func<object, object?> Getter { get; init; }

    /// <summary>The CLR type without <see cref="Nullable{T}"/>.</summary>
    public Type UnderlyingType => Nullable.GetUnderlyingType(ClrType) ?? ClrType;

    public bool IsText => UnderlyingType == typeof(string);
}
