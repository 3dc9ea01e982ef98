using System.Reflection;

namespace Forest.Mvc.Schema;

/// <summary>
/// The field that names a record (set in code, marked with <see cref="ReferenceFieldAttribute"/>, or by convention)
/// and the order the fields are declared in, for the console.
/// </summary>
internal static class ReferenceFields
{
    /// <summary>The convention, in order: the first property of these names (any case) is the reference field.</summary>
    public static readonly string[] Convention = ["Name", "FullName", "DisplayName", "Title", "Label", "Email", "Reference", "Code", "Number", "Slug"];

    /// <summary>The reference field of a collection; a declaration naming no field is an error.</summary>
    public static FieldDescriptor? Of(Type clrType, IReadOnlyList<FieldDescriptor> fields, string? configured, List<string> errors)
    {
        var marked = fields.Where(f => f.PropertyInfo?.GetCustomAttribute<ReferenceFieldAttribute>() is not null).ToList();
        if (marked.Count > 1)
        {
            errors.Add($"{clrType.FullName}: [ReferenceField] is on {string.Join(" and ", marked.Select(f => f.PropertyName))}; a collection has one reference field.");
        }

        if (configured is not null)
        {
            var field = fields.FirstOrDefault(f => f.PropertyName == configured);
            if (field is null)
            {
                errors.Add($"{clrType.FullName}: ReferenceField(…) names '{configured}', which is not a field of the collection (a relation cannot name a record).");
            }

            return field;
        }

        return marked.FirstOrDefault()
            ?? Convention.Select(name => fields.FirstOrDefault(f => !f.IsPrimaryKey && string.Equals(f.PropertyName, name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(f => f is not null);
    }

    /// <summary>
    /// The fields and relations in the order the class declares them (base classes first), the reference field first
    /// after the id; those the class does not declare (shadow or mapped otherwise) follow in their own order.
    /// </summary>
    public static IReadOnlyList<string> DeclaredOrder(Type clrType, IReadOnlyList<FieldDescriptor> fields, IReadOnlyList<RelationshipDescriptor> relationships, FieldDescriptor key, FieldDescriptor? reference)
    {
        var declared = new List<Type>();
        for (var type = clrType; type is not null && type != typeof(object); type = type.BaseType)
        {
            declared.Insert(0, type);
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in declared.SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)))
        {
            positions.TryAdd(property.Name, positions.Count);
        }

        var names = fields.Select(f => (f.Name, Property: f.PropertyName))
            .Concat(relationships.Select(r => (r.Name, Property: r.Navigation.Name)))
            .OrderBy(n => positions.GetValueOrDefault(n.Property, int.MaxValue))
            .Select(n => n.Name)
            .ToList();
        var first = reference is null ? [key.Name] : new[] { key.Name, reference.Name };
        return [.. first, .. names.Where(n => !first.Contains(n))];
    }
}
