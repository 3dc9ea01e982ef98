using System.Reflection;
using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Discovery;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Discovery;

/// <summary>
/// Writes the Forest schema (<c>.forestadmin-schema.json</c>, <c>GET /forest/schema</c>): collections sorted by
/// name, fields by name, actions by name, with every key the Forest front-end reads.
/// </summary>
internal static class SchemaWriter
{
    public static byte[] Write(ForestRegistry registry, string databaseType)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ForestJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("collections");
            foreach (var collection in registry.Collections)
            {
                WriteCollection(writer, collection, registry.ActionsOf(collection));
            }

            writer.WriteEndArray();
            writer.WriteStartObject("meta");
            writer.WriteString("liana", "forest-mvc");
            writer.WriteString("liana_version", typeof(SchemaWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
            writer.WriteStartObject("stack");
            writer.WriteString("database_type", databaseType);
            writer.WriteString("engine", "dotnet");
            writer.WriteString("engine_version", Environment.Version.ToString());
            writer.WriteString("orm_version", typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.GetName().Version?.ToString());
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteCollection(Utf8JsonWriter writer, CollectionDescriptor collection, IReadOnlyList<SmartActionDescriptor> actions)
    {
        writer.WriteStartObject();
        writer.WriteString("name", collection.Name);
        writer.WriteString("nameOld", collection.Name);
        writer.WriteNull("icon");
        writer.WriteNull("integration");
        writer.WriteBoolean("isReadOnly", false);
        writer.WriteBoolean("isSearchable", true);
        writer.WriteBoolean("isVirtual", false);
        writer.WriteBoolean("onlyForRelationships", false);
        writer.WriteString("paginationType", "page");
        writer.WriteStartArray("fields");
        var entries = collection.Fields.Select(f => (f.Name, Write: (Action)(() => WriteField(writer, f))))
            .Concat(collection.Relationships.Select(r => (r.Name, Write: (Action)(() => WriteRelationship(writer, r)))))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            entry.Write();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("segments");
        foreach (var segment in collection.Segments.Keys.Order(StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("id", $"{collection.Name}.{segment}");
            writer.WriteString("name", segment);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("actions");
        foreach (var action in actions.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            WriteAction(writer, action);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter writer, FieldDescriptor field)
    {
        writer.WriteStartObject();
        writer.WriteString("field", field.Name);
        writer.WriteString("type", field.ForestType);
        writer.WriteNull("defaultValue");
        SchemaJson.WriteStrings(writer, "enums", field.Enums);
        writer.WriteNull("integration");
        writer.WriteBoolean("isFilterable", true);
        writer.WriteBoolean("isPrimaryKey", field.IsPrimaryKey);
        writer.WriteBoolean("isReadOnly", field.IsReadOnly);
        writer.WriteBoolean("isRequired", field.IsRequired);
        writer.WriteBoolean("isSortable", true);
        writer.WriteBoolean("isVirtual", false);
        writer.WriteNull("reference");
        writer.WriteNull("inverseOf");
        writer.WriteNull("relationship");
        writer.WriteStartArray("validations");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter writer, RelationshipDescriptor relationship)
    {
        var keyType = relationship.Navigation.TargetEntityType.FindPrimaryKey()?.Properties[0].ClrType;
        var type = keyType is null ? ForestTypes.String : ForestTypes.Of(keyType) ?? ForestTypes.String;
        writer.WriteStartObject();
        writer.WriteString("field", relationship.Name);
        writer.WritePropertyName("type");
        if (relationship.IsCollection)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(type);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStringValue(type);
        }

        writer.WriteNull("defaultValue");
        writer.WriteNull("enums");
        writer.WriteNull("integration");
        writer.WriteBoolean("isFilterable", !relationship.IsCollection);
        writer.WriteBoolean("isPrimaryKey", false);
        writer.WriteBoolean("isReadOnly", false);
        writer.WriteBoolean("isRequired", relationship.DependentForeignKey is { IsNullable: false });
        writer.WriteBoolean("isSortable", false);
        writer.WriteBoolean("isVirtual", false);
        var targetKey = relationship.Navigation.TargetEntityType.FindPrimaryKey()?.Properties[0].Name;
        writer.WriteString("reference", $"{relationship.TargetCollection}.{JsonNamingPolicy.SnakeCaseLower.ConvertName(targetKey ?? "id")}");
        if (relationship.InverseOf is null)
        {
            writer.WriteNull("inverseOf");
        }
        else
        {
            writer.WriteString("inverseOf", relationship.InverseOf);
        }

        writer.WriteString("relationship", relationship.Kind.ToString());
        writer.WriteStartArray("validations");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAction(Utf8JsonWriter writer, SmartActionDescriptor action)
    {
        writer.WriteStartObject();
        writer.WriteString("id", action.Id);
        writer.WriteString("name", action.Name);
        writer.WriteString("type", action.WireType);
        writer.WriteNull("baseUrl");
        writer.WriteString("endpoint", action.Endpoint);
        writer.WriteString("httpMethod", action.HttpMethod);
        writer.WriteNull("redirect");
        writer.WriteBoolean("download", action.Download);
        writer.WriteStartArray("fields");
        foreach (var field in action.Fields)
        {
            ActionFieldWriter.Write(writer, field);
        }

        writer.WriteEndArray();
        if (action.Layout is { HasLayoutElements: true } layout)
        {
            writer.WritePropertyName("layout");
            layout.Write(writer, _ => true);
        }

        writer.WriteStartObject("hooks");
        writer.WriteBoolean("load", action.LoadHook is not null);
        writer.WriteStartArray("change");
        foreach (var hook in action.ChangeHooks)
        {
            writer.WriteStringValue(hook.Name);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        SchemaJson.WriteNullableString(writer, "description", action.Description);
        SchemaJson.WriteNullableString(writer, "submitButtonLabel", action.SubmitButtonLabel);
        writer.WriteEndObject();
    }
}
