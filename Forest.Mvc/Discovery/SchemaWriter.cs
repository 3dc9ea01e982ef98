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
    /// <summary>The document, in the buffer it was written to (no copy: it is kept for the application's lifetime).</summary>
    public static ReadOnlyMemory<byte> Write(ForestRegistry registry, string databaseType)
    {
        // Sized for the document (about 600 bytes per action, 400 per field), so that it is written in place instead
        // of doubling and being copied over for an application with thousands of actions.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096 + (registry.Actions.Count * 600) + registry.Collections.Sum(c => c.Fields.Count * 400));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = ForestJson.Options.Encoder }))
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

        return buffer.WrittenMemory;
    }

    private static void WriteCollection(Utf8JsonWriter writer, CollectionDescriptor collection, IReadOnlyList<SmartActionDescriptor> actions)
    {
        writer.WriteStartObject();
        writer.WriteString(SchemaKeys.Name, collection.Name);
        writer.WriteString(SchemaKeys.NameOld, collection.Name);
        writer.WriteNull(SchemaKeys.Icon);
        writer.WriteNull(SchemaKeys.Integration);
        writer.WriteBoolean(SchemaKeys.IsReadOnly, false);
        writer.WriteBoolean(SchemaKeys.IsSearchable, true);
        writer.WriteBoolean(SchemaKeys.IsVirtual, false);
        writer.WriteBoolean(SchemaKeys.OnlyForRelationships, false);
        writer.WriteString(SchemaKeys.PaginationType, "page");
        writer.WriteStartArray(SchemaKeys.Fields);
        var entries = collection.Fields.Select(f => (f.Name, Write: (Action)(() => WriteField(writer, f))))
            .Concat(collection.Relationships.Select(r => (r.Name, Write: (Action)(() => WriteRelationship(writer, r)))))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            entry.Write();
        }

        writer.WriteEndArray();
        writer.WriteStartArray(SchemaKeys.Segments);
        foreach (var segment in collection.Segments.Keys.Order(StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString(SchemaKeys.Id, $"{collection.Name}.{segment}");
            writer.WriteString(SchemaKeys.Name, segment);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray(SchemaKeys.Actions);
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
        writer.WriteString(SchemaKeys.Field, field.Name);
        writer.WriteString(SchemaKeys.Type, field.ForestType);
        writer.WriteNull(SchemaKeys.DefaultValue);
        SchemaJson.WriteStrings(writer, SchemaKeys.Enums, field.Enums);
        writer.WriteNull(SchemaKeys.Integration);
        writer.WriteBoolean(SchemaKeys.IsFilterable, true);
        writer.WriteBoolean(SchemaKeys.IsPrimaryKey, field.IsPrimaryKey);
        writer.WriteBoolean(SchemaKeys.IsReadOnly, field.IsReadOnly);
        writer.WriteBoolean(SchemaKeys.IsRequired, field.IsRequired);
        writer.WriteBoolean(SchemaKeys.IsSortable, true);
        writer.WriteBoolean(SchemaKeys.IsVirtual, false);
        writer.WriteNull(SchemaKeys.Reference);
        writer.WriteNull(SchemaKeys.InverseOf);
        writer.WriteNull(SchemaKeys.Relationship);
        writer.WriteStartArray(SchemaKeys.Validations);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter writer, RelationshipDescriptor relationship)
    {
        var keyType = relationship.Navigation.TargetEntityType.FindPrimaryKey()?.Properties[0].ClrType;
        var type = keyType is null ? ForestTypes.String : ForestTypes.Of(keyType) ?? ForestTypes.String;
        writer.WriteStartObject();
        writer.WriteString(SchemaKeys.Field, relationship.Name);
        writer.WritePropertyName(SchemaKeys.Type);
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

        writer.WriteNull(SchemaKeys.DefaultValue);
        writer.WriteNull(SchemaKeys.Enums);
        writer.WriteNull(SchemaKeys.Integration);
        writer.WriteBoolean(SchemaKeys.IsFilterable, !relationship.IsCollection);
        writer.WriteBoolean(SchemaKeys.IsPrimaryKey, false);
        writer.WriteBoolean(SchemaKeys.IsReadOnly, false);
        writer.WriteBoolean(SchemaKeys.IsRequired, relationship.DependentForeignKey is { IsNullable: false });
        writer.WriteBoolean(SchemaKeys.IsSortable, false);
        writer.WriteBoolean(SchemaKeys.IsVirtual, false);
        var targetKey = relationship.Navigation.TargetEntityType.FindPrimaryKey()?.Properties[0].Name;
        writer.WriteString(SchemaKeys.Reference, $"{relationship.TargetCollection}.{JsonNamingPolicy.SnakeCaseLower.ConvertName(targetKey ?? "id")}");
        if (relationship.InverseOf is null)
        {
            writer.WriteNull(SchemaKeys.InverseOf);
        }
        else
        {
            writer.WriteString(SchemaKeys.InverseOf, relationship.InverseOf);
        }

        writer.WriteString(SchemaKeys.Relationship, relationship.Kind.ToString());
        writer.WriteStartArray(SchemaKeys.Validations);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAction(Utf8JsonWriter writer, SmartActionDescriptor action)
    {
        writer.WriteStartObject();
        writer.WriteString(SchemaKeys.Id, action.Id);
        writer.WriteString(SchemaKeys.Name, action.Name);
        writer.WriteString(SchemaKeys.Type, action.WireType);
        writer.WriteNull(SchemaKeys.BaseUrl);
        writer.WriteString(SchemaKeys.Endpoint, action.Endpoint);
        writer.WriteString(SchemaKeys.HttpMethod, action.HttpMethod);
        writer.WriteNull(SchemaKeys.Redirect);
        writer.WriteBoolean(SchemaKeys.Download, action.Download);
        writer.WriteStartArray(SchemaKeys.Fields);
        foreach (var field in action.Fields)
        {
            ActionFieldWriter.Write(writer, field);
        }

        writer.WriteEndArray();
        if (action.Layout is { HasLayoutElements: true } layout)
        {
            writer.WritePropertyName(SchemaKeys.Layout);
            layout.Write(writer, _ => true);
        }

        writer.WriteStartObject(SchemaKeys.Hooks);
        writer.WriteBoolean(SchemaKeys.Load, action.LoadHook is not null);
        writer.WriteStartArray(SchemaKeys.Change);
        foreach (var hook in action.ChangeHooks)
        {
            writer.WriteStringValue(hook.Name);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        SchemaJson.WriteNullableString(writer, SchemaKeys.Description, action.Description);
        SchemaJson.WriteNullableString(writer, SchemaKeys.SubmitButtonLabel, action.SubmitButtonLabel);
        writer.WriteEndObject();
    }
}
