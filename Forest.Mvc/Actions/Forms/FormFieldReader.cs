using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Forms;

/// <summary>
/// Reads the form fields of an action, declared either with <see cref="ActionFieldAttribute"/>s on the method or as a
/// form class, into <see cref="ActionFieldDescriptor"/>s, adding every declaration error to the startup list.
/// </summary>
internal static class FormFieldReader
{
    /// <summary>The fields declared with <see cref="ActionFieldAttribute"/> on an action method (its attributes, read once by discovery).</summary>
    public static List<ActionFieldDescriptor> FromAttributes(object[] methodAttributes, IReadOnlyDictionary<string, CollectionDescriptor> collections, List<string> errors, string display)
    {
        var fields = new List<ActionFieldDescriptor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in methodAttributes.OfType<ActionFieldAttribute>())
        {
            if (string.IsNullOrWhiteSpace(attribute.Field))
            {
                errors.Add($"{display}: a form field has an empty name.");
                continue;
            }

            if (!names.Add(attribute.Field))
            {
                errors.Add($"{display}: the form field '{attribute.Field}' is declared twice. Field names must be unique within an action.");
                continue;
            }

            var type = attribute.Type;
            if (attribute.Type == FieldType.Enum && attribute.Enums is not { Length: > 0 })
            {
                errors.Add($"{display}: the Enum field '{attribute.Field}' lists no values. Set Enums = new[] {{ ... }}.");
            }
            else if (attribute.Type != FieldType.Enum && attribute.Enums is not null)
            {
                errors.Add($"{display}: the field '{attribute.Field}' has Enums but is of type {attribute.Type}. Use FieldType.Enum.");
            }

            if (attribute.Reference is { } reference)
            {
                var dot = reference.LastIndexOf('.');
                var target = dot > 0 && collections.TryGetValue(reference[..dot], out var found) && found.PrimaryKey.Name == reference[(dot + 1)..] ? found : null;
                type = target is null ? type : KeyFieldType(target);
                if (target is null)
                {
                    errors.Add($"{display}: the field '{attribute.Field}' references '{reference}', which is not '<collection>.<primary key>' of a known collection (known: {Known(collections)}).");
                }
            }

            fields.Add(new ActionFieldDescriptor
            {
                Field = attribute.Field,
                Type = type,
                IsList = attribute.IsList,
                IsRequired = attribute.IsRequired,
                IsReadOnly = attribute.IsReadOnly,
                Description = attribute.Description,
                Enums = attribute.Enums,
                Reference = attribute.Reference,
                DefaultValue = attribute.DefaultValue,
                Widget = attribute.Widget,
                Redact = attribute.Redact,
                Position = fields.Count,
            });
        }

        return fields;
    }

    /// <summary>The fields of a form class: its public settable properties, checking what it cannot bind.</summary>
    public static List<ActionFieldDescriptor> FromFormClass(Type formType, IReadOnlyDictionary<string, CollectionDescriptor> collections, List<string> errors, string method)
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
            FieldType? type = reference is not null ? (collections.TryGetValue(reference.Collection, out var target) ? KeyFieldType(target) : null)
                : attribute?.Enums is not null ? FieldType.Enum
                : TypeOf(elementType);
            if (type is null)
            {
                errors.Add(reference is not null
                    ? $"{method}: the form property {formType.Name}.{property.Name} references '{reference.Collection}', which is not a collection (known: {Known(collections)})."
                    : $"{method}: the form property {formType.Name}.{property.Name} has the type {property.PropertyType.Name}, which no form field can hold. Use text, numbers, booleans, dates, enums, Guid, ActionFile, JsonElement, or arrays of them.");
                continue;
            }

            if (fields.Any(f => f.Field == name))
            {
                errors.Add($"{method}: the form field '{name}' is declared twice in {formType.Name}.");
                continue;
            }

            // A context per property: NullabilityInfoContext is not thread-safe, and two hosts may discover at once.
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState != NullabilityState.NotNull);
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

    private static string Known(IReadOnlyDictionary<string, CollectionDescriptor> collections) =>
        string.Join(", ", collections.Keys.Order(StringComparer.Ordinal));

    /// <summary>The field type of a reference to a record of <paramref name="target"/>: its key as a number or a text.</summary>
    private static FieldType KeyFieldType(CollectionDescriptor target) =>
        target.PrimaryKey.ForestType == ForestTypes.Number ? FieldType.Number : FieldType.String;
}
