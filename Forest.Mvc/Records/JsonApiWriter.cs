using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Records;

/// <summary>Serialises records as JSON:API resources, the way Forest's list and detail routes answer.</summary>
internal static class JsonApiWriter
{
    public static void WriteList(Utf8JsonWriter writer, CollectionDescriptor collection, IEnumerable<object> records)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var record in records)
        {
            WriteResource(writer, collection, record);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteSingle(Utf8JsonWriter writer, CollectionDescriptor collection, object record)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        WriteResource(writer, collection, record);
        writer.WriteEndObject();
    }

    public static string FormatId(object? key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    private static void WriteResource(Utf8JsonWriter writer, CollectionDescriptor collection, object record)
    {
        var id = FormatId(collection.PrimaryKey.Getter(record));
        writer.WriteStartObject();
        writer.WriteString("type", collection.Name);
        writer.WriteString("id", id);
        writer.WriteStartObject("attributes");
        foreach (var field in collection.Fields)
        {
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field.Getter(record));
        }

        writer.WriteEndObject();
        writer.WriteStartObject("relationships");
        foreach (var relationship in collection.Relationships)
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
        writer.WriteStartObject("links");
        writer.WriteString("self", $"/forest/{collection.Name}/{Uri.EscapeDataString(id)}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case DateTime date:
                writer.WriteStringValue(date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc));
                break;
            case Enum enumValue:
                writer.WriteStringValue(enumValue.ToString());
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), ForestJson.Options);
                break;
        }
    }
}
