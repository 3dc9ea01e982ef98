using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Schema;

/// <summary>Converts JSON values and id strings into the CLR type of a column, refusing what does not fit.</summary>
internal static class ValueConverter
{
    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/>; a JSON null gives <see langword="null"/>.</summary>
    /// <exception cref="ForestRequestException">The value does not fit the type (400, naming <paramref name="what"/>).</exception>
    public static object? FromJson(JsonElement value, Type target, string what)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (type == typeof(string))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => throw Invalid(value, type, what),
            };
        }

        if (type == typeof(bool))
        {
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
                _ => throw Invalid(value, type, what),
            };
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Invalid(value, type, what),
        };
        return FromString(text, type) ?? throw Invalid(value, type, what);
    }

    /// <summary>Parses an id or a query-string value; <see langword="null"/> when it does not fit.</summary>
    public static object? FromString(string text, Type target)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        var culture = CultureInfo.InvariantCulture;
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        const NumberStyles real = NumberStyles.Float;
        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!) ? parsed : null;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => text,
            TypeCode.Char => text.Length == 1 ? text[0] : null,
            TypeCode.Boolean => bool.TryParse(text, out var b) ? b : null,
            TypeCode.Byte => byte.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.SByte => sbyte.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.Int16 => short.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.UInt16 => ushort.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.Int32 => int.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.UInt32 => uint.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.Int64 => long.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.UInt64 => ulong.TryParse(text, integer, culture, out var v) ? v : null,
            TypeCode.Single => float.TryParse(text, real, culture, out var v) && float.IsFinite(v) ? v : null,
            TypeCode.Double => double.TryParse(text, real, culture, out var v) && double.IsFinite(v) ? v : null,
            TypeCode.Decimal => decimal.TryParse(text, real, culture, out var v) ? v : null,
            TypeCode.DateTime => DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var v) ? v.UtcDateTime : null,
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var v) ? v : null,
            _ when type == typeof(DateOnly) => DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out var v) ? v
                : DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var dt) ? DateOnly.FromDateTime(dt.UtcDateTime) : null,
            _ when type == typeof(TimeOnly) => TimeOnly.TryParse(text, culture, out var v) ? v : null,
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(text, culture, out var v) ? v : null,
            _ when type == typeof(Guid) => Guid.TryParse(text, out var v) ? v : null,
            _ => null,
        };
    }

    /// <summary>A friendly type name for messages.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => "a text",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "an ISO 8601 date",
            _ when type == typeof(DateTimeOffset) => "an ISO 8601 date",
            _ when type == typeof(DateOnly) => "a date (yyyy-MM-dd)",
            _ when type == typeof(TimeOnly) || type == typeof(TimeSpan) => "a time (HH:mm:ss)",
            _ when type == typeof(Guid) => "a UUID",
            _ => type.Name,
        };
    }

    private static ForestRequestException Invalid(JsonElement value, Type type, string what)
    {
        var shown = value.GetRawText();
        if (shown.Length > 60)
        {
            shown = shown[..57] + "...";
        }

        return ForestRequestException.BadRequest($"{what}: {shown} is not {Describe(type)}.");
    }
}
