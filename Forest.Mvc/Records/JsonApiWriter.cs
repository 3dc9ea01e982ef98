using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Records;

/// <summary>Serialises records as JSON:API resources, the way Forest's list and detail routes answer.</summary>
internal static class JsonApiWriter
{
    /// <summary>
    /// <c>{"data": [...], "included": [...]}</c>: the records, then each referenced record once (the references
    /// within the caller's scope), with the attributes <paramref name="fields"/> asks for.
    /// </summary>
    public static void WriteList(Utf8JsonWriter writer, ForestRegistry registry, CollectionDescriptor collection, IReadOnlyList<ListedRecord> records, IReadOnlyList<RelationshipDescriptor> references, FieldsProjection fields)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var record in records)
        {
            WriteResource(writer, collection, record.Record, fields, collection.Name);
        }

        writer.WriteEndArray();
        WriteIncluded(writer, registry, records, references, fields);
        writer.WriteEndObject();
    }

    public static void WriteSingle(Utf8JsonWriter writer, ForestRegistry registry, CollectionDescriptor collection, ListedRecord record, IReadOnlyList<RelationshipDescriptor> references, FieldsProjection fields)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        WriteResource(writer, collection, record.Record, fields, collection.Name);
        WriteIncluded(writer, registry, [record], references, fields);
        writer.WriteEndObject();
    }

    private static void WriteIncluded(Utf8JsonWriter writer, ForestRegistry registry, IReadOnlyList<ListedRecord> records, IReadOnlyList<RelationshipDescriptor> references, FieldsProjection fields)
    {
        writer.WriteStartArray("included");
        var written = new HashSet<(string, string)>();
        for (var i = 0; i < references.Count; i++)
        {
            var target = registry.FindCollection(references[i].TargetClrType)!;
            foreach (var related in records.Select(r => r.References[i]).OfType<object>())
            {
                if (written.Add((target.Name, FormatId(target.PrimaryKey.Getter(related)))))
                {
                    WriteResource(writer, target, related, fields, references[i].Name, withRelationships: false);
                }
            }
        }

        writer.WriteEndArray();
    }

    public static string FormatId(object? key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    /// <param name="writer">The JSON writer.</param>
    /// <param name="collection">The record's collection.</param>
    /// <param name="record">The record.</param>
    /// <param name="fields">The projections of the request.</param>
    /// <param name="projection">The projection key of the record: its collection, or the relation it is included through.</param>
    /// <param name="withRelationships">Whether its relationships are written (not for included records).</param>
    private static void WriteResource(Utf8JsonWriter writer, CollectionDescriptor collection, object record, FieldsProjection fields, string projection, bool withRelationships = true)
    {
        var id = FormatId(collection.PrimaryKey.Getter(record));
        writer.WriteStartObject();
        writer.WriteString("type", collection.Name);
        writer.WriteString("id", id);
        writer.WriteStartObject("attributes");
        foreach (var field in collection.Fields.Where(f => f.IsPrimaryKey || fields.Includes(projection, f.Name)))
        {
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field.Getter(record));
        }

        writer.WriteEndObject();
        if (withRelationships)
        {
            WriteRelationships(writer, collection, record, id, fields);
        }

        writer.WriteStartObject("links");
        writer.WriteString("self", $"/forest/{collection.Name}/{Uri.EscapeDataString(id)}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRelationships(Utf8JsonWriter writer, CollectionDescriptor collection, object record, string id, FieldsProjection fields)
    {
        writer.WriteStartObject("relationships");
        foreach (var relationship in collection.Relationships.Where(r => r.IsCollection || fields.Includes(collection.Name, r.Name)))
        {
            writer.WriteStartObject(relationship.Name);
            if (relationship.ForeignKeyGetter is { } foreignKey)
            {
                var target = foreignKey(record);
                writer.WritePropertyName("data");
                if (target is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", relationship.TargetCollection);
                    writer.WriteString("id", FormatId(target));
                    writer.WriteEndObject();
                }
            }

            if (relationship.IsCollection)
            {
                writer.WriteStartObject("links");
                writer.WriteString("related", $"/forest/{collection.Name}/{Uri.EscapeDataString(id)}/relationships/{relationship.Name}");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// A record as one flat row (the MCP read tools): its id, every field, and the id of each related record it
    /// points to; values as the JSON:API documents write them.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Row(CollectionDescriptor collection, object record)
    {
        var row = new System.Text.Json.Nodes.JsonObject { ["id"] = FormatId(collection.PrimaryKey.Getter(record)) };
        foreach (var field in collection.Fields)
        {
            row[field.Name] = Normalized(field.Getter(record)) is { } value ? JsonSerializer.SerializeToNode(value, value.GetType(), ForestJson.Options) : null;
        }

        foreach (var relationship in collection.Relationships)
        {
            if (relationship.ForeignKeyGetter?.Invoke(record) is { } target)
            {
                row[relationship.Name] = FormatId(target);
            }
        }

        return row;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        if (Normalized(value) is { } normalized)
        {
            JsonSerializer.Serialize(writer, normalized, normalized.GetType(), ForestJson.Options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Dates in UTC, enums by name, anything else as it is.</summary>
    private static object? Normalized(object? value) => value switch
    {
        DateTime date => date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc),
        Enum enumValue => enumValue.ToString(),
        _ => value,
    };
}
