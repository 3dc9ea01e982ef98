namespace Forest.Mvc.Schema;

/// <summary>The mapping between CLR types and the type names of Forest schemas.</summary>
internal static class ForestTypes
{
    public const string String = "String";
    public const string Number = "Number";
    public const string Boolean = "Boolean";
    public const string Date = "Date";
    public const string Dateonly = "Dateonly";
    public const string Time = "Time";
    public const string Enum = "Enum";
    public const string Json = "Json";

    /// <summary>The Forest type of a column, or <see langword="null"/> when it cannot be shown (e.g. binary).</summary>
    public static string? Of(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (type.IsEnum)
        {
            return Enum;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => String,
            TypeCode.Boolean => Boolean,
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => Number,
            TypeCode.DateTime => Date,
            _ when type == typeof(DateTimeOffset) => Date,
            _ when type == typeof(DateOnly) => Dateonly,
            _ when type == typeof(TimeOnly) || type == typeof(TimeSpan) => Time,
            _ when type == typeof(Guid) => String,
            _ => null,
        };
    }

    public static IReadOnlyList<string>? EnumNames(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        return type.IsEnum ? System.Enum.GetNames(type) : null;
    }

    /// <summary>Whether ids of this key type are supported (int, long, Guid, string).</summary>
    public static bool IsSupportedKey(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(Guid) || type == typeof(string);
}
