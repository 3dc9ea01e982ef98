using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Forms;

/// <summary>Reads a form class (its public settable properties) into form fields, checking what it cannot bind.</summary>
internal static class FormModelReader
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static List<ActionFieldDescriptor> Read(Type formType, IReadOnlyDictionary<string, CollectionDescriptor> collections, List<string> errors, string method)
    {
        var fields = new List<ActionFieldDescriptor>();
        if (formType.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add($"{method}: the form class {formType.Name} needs a public parameterless constructor.");
            return fields;
        }

        foreach (var property in formType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var attribute = property.GetCustomAttribute<FormFieldAttribute>();
            var display = property.GetCustomAttribute<System.ComponentModel.DataAnnotations.DisplayAttribute>();
            var name = attribute?.Name ?? display?.Name ?? property.Name;
            var (elementType, isList) = ElementType(property.PropertyType);
            var reference = property.GetCustomAttribute<ReferenceAttribute>();
            FieldType? type = reference is not null ? ReferenceType(reference, collections)
                : attribute?.Enums is not null ? FieldType.Enum
                : TypeOf(elementType);
            if (type is null)
            {
                errors.Add(reference is not null
                    ? $"{method}: the form property {formType.Name}.{property.Name} references '{reference.Collection}', which is not a collection (known: {string.Join(", ", collections.Keys.Order(StringComparer.Ordinal))})."
                    : $"{method}: the form property {formType.Name}.{property.Name} has the type {property.PropertyType.Name}, which no form field can hold. Use text, numbers, booleans, dates, enums, Guid, ActionFile, JsonElement, or arrays of them.");
                continue;
            }

            if (fields.Any(f => f.Field == name))
            {
                errors.Add($"{method}: the form field '{name}' is declared twice in {formType.Name}.");
                continue;
            }

            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && Nullability.Create(property).WriteState != NullabilityState.NotNull);
            fields.Add(new ActionFieldDescriptor
            {
                Field = name,
                Type = type.Value,
                IsList = isList,
                IsRequired = attribute?.IsRequired == true || (!nullable && attribute?.DefaultValue is null && !isList),
                IsReadOnly = attribute?.IsReadOnly ?? false,
                Description = attribute?.Description ?? display?.Description,
                Enums = attribute?.Enums ?? (elementType.IsEnum ? Enum.GetNames(elementType) : null),
                Reference = reference is null ? null : $"{reference.Collection}.{collections[reference.Collection].PrimaryKey.Name}",
                DefaultValue = attribute?.DefaultValue,
                Widget = attribute?.Widget,
                Position = fields.Count,
                Property = property,
                MaxFileBytes = attribute?.MaxFileBytes ?? 0,
                Redact = attribute?.Redact ?? false,
            });
        }

        if (fields.Count == 0)
        {
            errors.Add($"{method}: the form class {formType.Name} has no public settable property, so the form would be empty.");
        }

        return fields;
    }

    /// <summary>The type of one value, and whether the property holds a list of them.</summary>
    public static (Type Element, bool IsList) ElementType(Type type)
    {
        if (type == typeof(string) || type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return (type, false);
        }

        if (type.IsArray)
        {
            return (type.GetElementType()!, true);
        }

        if (type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            && type.IsAssignableFrom(typeof(List<>).MakeGenericType(type.GetGenericArguments()[0])))
        {
            return (type.GetGenericArguments()[0], true);
        }

        return (Nullable.GetUnderlyingType(type) ?? type, false);
    }

    private static FieldType? TypeOf(Type type)
    {
        if (type == typeof(ActionFile))
        {
            return FieldType.File;
        }

        if (type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return FieldType.Json;
        }

        return ForestTypes.Of(type) switch
        {
            ForestTypes.String => FieldType.String,
            ForestTypes.Number => FieldType.Number,
            ForestTypes.Boolean => FieldType.Boolean,
            ForestTypes.Date => FieldType.Date,
            ForestTypes.Dateonly => FieldType.Dateonly,
            ForestTypes.Time when type == typeof(TimeOnly) => FieldType.Time,
            ForestTypes.Enum => FieldType.Enum,
            _ => null,
        };
    }

    private static FieldType? ReferenceType(ReferenceAttribute reference, IReadOnlyDictionary<string, CollectionDescriptor> collections) =>
        collections.TryGetValue(reference.Collection, out var target)
            ? target.PrimaryKey.ForestType == ForestTypes.Number ? FieldType.Number : FieldType.String
            : null;
}
