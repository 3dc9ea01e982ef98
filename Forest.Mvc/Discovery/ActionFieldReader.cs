using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Discovery;

/// <summary>Reads and checks the <see cref="ActionFieldAttribute"/>s of an action method.</summary>
internal static class ActionFieldReader
{
    public static List<ActionFieldDescriptor> Read(MethodInfo method, IReadOnlyDictionary<string, CollectionDescriptor> collections, List<string> errors, string display)
    {
        var fields = new List<ActionFieldDescriptor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in method.GetCustomAttributes<ActionFieldAttribute>(inherit: true))
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
                type = ReferenceType(reference, collections) ?? type;
                if (ReferenceType(reference, collections) is null)
                {
                    errors.Add($"{display}: the field '{attribute.Field}' references '{reference}', which is not '<collection>.<primary key>' of a known collection (known: {string.Join(", ", collections.Keys.Order(StringComparer.Ordinal))}).");
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

    private static FieldType? ReferenceType(string reference, IReadOnlyDictionary<string, CollectionDescriptor> collections)
    {
        var dot = reference.LastIndexOf('.');
        if (dot <= 0 || !collections.TryGetValue(reference[..dot], out var target) || target.PrimaryKey.Name != reference[(dot + 1)..])
        {
            return null;
        }

        return target.PrimaryKey.ForestType == ForestTypes.Number ? FieldType.Number : FieldType.String;
    }
}
