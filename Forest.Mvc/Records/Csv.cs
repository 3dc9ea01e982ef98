using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Records;

/// <summary>CSV (RFC 4180) cells, safe to open in a spreadsheet.</summary>
internal static class Csv
{
    /// <summary>
    /// One cell: quoted when it holds a comma, a quote or a line break; prefixed with <c>'</c> when a spreadsheet
    /// would run it as a formula (it starts with <c>= + - @</c>, a tab or a carriage return).
    /// </summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || text.StartsWith('\'') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>A record's value as cell text: invariant numbers, ISO 8601 dates (UTC), enum names, JSON for the rest.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTime date => (date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum member => member.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType(), ForestJson.Options),
    };
}
