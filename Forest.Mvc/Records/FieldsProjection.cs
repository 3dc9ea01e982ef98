using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Http;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Records;

/// <summary>
/// The <c>fields[&lt;collection&gt;]</c> and <c>fields[&lt;relation&gt;]</c> projections of a read route, given as a
/// comma-separated value or as repeated keys: which attributes and references of the records are answered, and which
/// attributes of the included references.
/// </summary>
internal sealed class FieldsProjection
{
    private const int MaxKeys = 100;
    private const int MaxNames = 500;

    private readonly Dictionary<string, List<string>> _fields;

    private FieldsProjection(Dictionary<string, List<string>> fields) => _fields = fields;

    public static FieldsProjection All { get; } = new([]);

    public static FieldsProjection FromQuery(IQueryCollection query)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith("fields[", StringComparison.Ordinal) || !key.EndsWith(']'))
            {
                continue;
            }

            if (fields.Count == MaxKeys)
            {
                throw ForestRequestException.BadRequest($"fields: at most {MaxKeys} projections are accepted.");
            }

            var names = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > MaxNames)
            {
                throw ForestRequestException.BadRequest($"{key}: at most {MaxNames} field names are accepted.");
            }

            fields[key["fields[".Length..^1]] = names;
        }

        return new FieldsProjection(fields);
    }

    /// <summary>Whether the attribute or reference <paramref name="name"/> of a record of <paramref name="type"/> (a collection or a relation name) is answered.</summary>
    public bool Includes(string type, string name) => !_fields.TryGetValue(type, out var names) || names.Contains(name);

    /// <summary>The names <c>fields[<paramref name="type"/>]</c> lists, in its order; <see langword="null"/> when it is not given.</summary>
    public IReadOnlyList<string>? Listed(string type) => _fields.GetValueOrDefault(type);

    /// <summary>The references (belongs-to, has-one) of <paramref name="collection"/> answered with their records in <c>included</c>.</summary>
    public IReadOnlyList<RelationshipDescriptor> References(CollectionDescriptor collection, ForestRegistry registry) =>
        collection.Relationships
            .Where(r => !r.IsCollection && r.PropertyInfo is not null && registry.FindCollection(r.TargetClrType) is not null && Includes(collection.Name, r.Name))
            .ToList();
}
