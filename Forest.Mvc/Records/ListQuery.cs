using System.Globalization;
using System.Text.Json;
using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Records;

/// <summary>
/// The list parameters of Forest (<c>filters</c>, <c>search</c>, <c>segment</c>, <c>sort</c>, <c>page[number]</c>,
/// <c>page[size]</c>, <c>timezone</c>), read from a query string or from <c>all_records_subset_query</c>.
/// </summary>
internal sealed record ListQuery
{
    public ConditionNode? Filters { get; init; }

    public string? Search { get; init; }

    public string? Segment { get; init; }

    /// <summary><c>searchExtended</c>: the search also looks into the text fields of each reference (one level).</summary>
    public bool SearchExtended { get; init; }

    /// <summary>
    /// The SQL of a live-query segment (<c>segmentQuery</c>), as sent. Never ignored: it is run (when enabled) into
    /// <see cref="SegmentIds"/>, and the records query builder refuses a query whose segment was not run.
    /// </summary>
    public string? SegmentQuery { get; init; }

    /// <summary><c>connectionName</c>: the live-query connection the segment runs on.</summary>
    public string? ConnectionName { get; init; }

    /// <summary>The ids the live-query segment answered (set by <see cref="LiveQuerySegments"/>), which the query keeps to.</summary>
    public IReadOnlyList<string>? SegmentIds { get; init; }

    public string? Sort { get; init; }

    public int PageNumber { get; init; } = 1;

    public int? PageSize { get; init; }

    /// <summary>The rows to skip for <see cref="PageNumber"/> with pages of <paramref name="size"/> (capped, never overflowing).</summary>
    public int Offset(int size) => (int)Math.Min(int.MaxValue, ((long)PageNumber - 1) * size);

    /// <summary>
    /// The page of one of the library's own lists (activity, approvals, jobs): <c>page[size]</c> or
    /// <paramref name="defaultSize"/>; over <paramref name="maxSize"/>, 400 naming <paramref name="what"/>.
    /// </summary>
    public static (ListQuery Query, int Size) StoreList(IQueryCollection query, int defaultSize, int maxSize, string what)
    {
        var list = FromQueryString(query);
        var size = list.PageSize ?? defaultSize;
        return size <= maxSize ? (list, size) : throw ForestRequestException.BadRequest($"page[size] is at most {maxSize} for {what}.");
    }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The caller's scopes, applied to conditions that go through a relation to a scoped collection.</summary>
    public CallerScopes Scopes { get; init; } = CallerScopes.None;

    public static ListQuery Empty { get; } = new();

    public static ListQuery FromQueryString(IQueryCollection query) =>
        Read(key => query.TryGetValue(key, out var value) && value.Count > 0 ? value[0] : null, parseFilters: ConditionNode.Parse);

    /// <summary>Reads <c>all_records_subset_query</c>; values may be strings or numbers, and <c>filters</c> a string or an object.</summary>
    public static ListQuery FromSubsetQuery(JsonElement subset, TimeZoneInfo fallbackTimeZone)
    {
        if (subset.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return Empty with { TimeZone = fallbackTimeZone };
        }

        if (subset.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest("all_records_subset_query must be an object of list parameters.");
        }

        string? Get(string key) => subset.TryGetProperty(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw ForestRequestException.BadRequest($"all_records_subset_query: '{key}' must be a string."),
            }
            : null;

        var parsed = Read(Get, _ => subset.TryGetProperty("filters", out var filters) ? ConditionNode.Parse(filters) : null);
        return subset.TryGetProperty("timezone", out _) ? parsed : parsed with { TimeZone = fallbackTimeZone };
    }

    public static TimeZoneInfo ParseTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw ForestRequestException.BadRequest($"timezone: '{id}' is not a known IANA time zone (e.g. Europe/Paris).");
    }

    private static ListQuery Read(Func<string, string?> get, Func<string?, ConditionNode?> parseFilters)
    {
        var pageNumber = PositiveInt(get("page[number]"), "page[number]") ?? 1;
        return new ListQuery
        {
            Filters = parseFilters(get("filters")),
            Search = string.IsNullOrWhiteSpace(get("search")) ? null : get("search")!.Trim(),
            Segment = string.IsNullOrWhiteSpace(get("segment")) ? null : get("segment"),
            SegmentQuery = string.IsNullOrWhiteSpace(get("segmentQuery")) ? null : get("segmentQuery"),
            ConnectionName = string.IsNullOrWhiteSpace(get("connectionName")) ? null : get("connectionName"),
            SearchExtended = get("searchExtended") is { } extended && (extended == "1" || string.Equals(extended, "true", StringComparison.OrdinalIgnoreCase)),
            Sort = string.IsNullOrWhiteSpace(get("sort")) ? null : get("sort"),
            PageNumber = pageNumber,
            PageSize = PositiveInt(get("page[size]"), "page[size]"),
            TimeZone = ParseTimeZone(get("timezone")),
        };
    }

    private static int? PositiveInt(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw ForestRequestException.BadRequest($"{name} must be a whole number of at least 1, not '{text}'.");
    }
}
