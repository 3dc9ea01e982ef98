using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Forms;
using Forest.Mvc.Actions;

namespace Forest.Mvc;

/// <summary>
/// The form values of a smart action call (<c>data.attributes.values</c>), already checked against the declared
/// fields: a value read here has the field's type.
/// </summary>
public sealed class SmartActionValues
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<ActionFile>> _files;

    internal SmartActionValues(IReadOnlyDictionary<string, JsonElement> values, IReadOnlyDictionary<string, IReadOnlyList<ActionFile>> files)
    {
        _values = values;
        _files = files;
    }

    internal static SmartActionValues Empty { get; } = new(new Dictionary<string, JsonElement>(), new Dictionary<string, IReadOnlyList<ActionFile>>());

    /// <summary>The field names that carry a value.</summary>
    public IEnumerable<string> Fields => _values.Keys;

    /// <summary>Whether the field carries a non-null value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns><see langword="true"/> when a value was sent.</returns>
    public bool Has(string field) => _values.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The raw JSON value of a field, if sent.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public JsonElement? GetRaw(string field) => _values.TryGetValue(field, out var value) ? value : null;

    /// <summary>A String, Enum, Date or reference value as text.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The text, or <see langword="null"/> when absent.</returns>
    public string? GetString(string field) => GetRaw(field) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    /// <summary>A Number value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The number, or <see langword="null"/> when absent.</returns>
    public decimal? GetDecimal(string field) =>
        GetString(field) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>A Boolean value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The boolean, or <see langword="null"/> when absent.</returns>
    public bool? GetBoolean(string field) => GetRaw(field)?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A Date value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The date, or <see langword="null"/> when absent.</returns>
    public DateTimeOffset? GetDate(string field) =>
        GetString(field) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    /// <summary>The decoded file of a File field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The file, or <see langword="null"/> when absent.</returns>
    public ActionFile? GetFile(string field) => GetFiles(field) is [var first, ..] ? first : null;

    /// <summary>The decoded files of a File or <c>["File"]</c> field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The files; empty when absent.</returns>
    public IReadOnlyList<ActionFile> GetFiles(string field) => _files.TryGetValue(field, out var files) ? files : [];

    /// <summary>Deserializes a value into <typeparamref name="T"/> (any JSON value, e.g. a Json field or a list).</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or <see langword="default"/> when absent.</returns>
    public T? Get<T>(string field) => GetRaw(field) is { } value ? value.Deserialize<T>() : default;
}
