using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Security;

namespace Forest.Mvc.Permissions;

/// <summary>
/// Parses a stored condition tree after replacing <c>{{currentUser.id|email|firstName|lastName|role|team.name|team.id|tags.X}}</c>
/// in its values with the caller's data.
/// </summary>
internal static class ConditionPlaceholders
{
    /// <summary>At most this many parsed conditions are kept per rules version.</summary>
    private const int MaxCached = 4096;

    /// <summary>
    /// <see cref="Parse(string?, ForestUser)"/>, kept in <paramref name="cache"/> (one per rules version) under the
    /// condition and every value a placeholder can read: two users with the same values get the same tree, others
    /// never share one.
    /// </summary>
    public static ConditionNode? Parse(string? json, ForestUser user, System.Collections.Concurrent.ConcurrentDictionary<string, ConditionNode?>? cache)
    {
        if (cache is null || string.IsNullOrWhiteSpace(json))
        {
            return Parse(json, user);
        }

        var key = json.Contains("{{", StringComparison.Ordinal) ? KeyOf(json, user) : json;
        if (cache.TryGetValue(key, out var node))
        {
            return node;
        }

        node = Parse(json, user);
        if (cache.Count < MaxCached)
        {
            cache.TryAdd(key, node);
        }

        return node;
    }

    /// <summary>The condition, then each value a placeholder may read, each prefixed with its length (no two users mix up).</summary>
    private static string KeyOf(string json, ForestUser user)
    {
        var key = new System.Text.StringBuilder(json.Length + 128).Append(json);
        void Add(string? value) => key.Append('\u0001').Append(value?.Length ?? -1).Append(':').Append(value);
        Add(user.Id);
        Add(user.Email);
        Add(user.FirstName);
        Add(user.LastName);
        Add(user.Role);
        Add(user.Team);
        foreach (var (tag, value) in user.Tags)
        {
            Add(tag);
            Add(value);
        }

        return key.ToString();
    }

    public static ConditionNode? Parse(string? json, ForestUser user)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        JsonNode? tree;
        try
        {
            tree = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new ForestRequestException($"The condition is not valid JSON: {exception.Message}", exception);
        }

        Substitute(tree, user);
        return ConditionNode.Parse(tree?.ToJsonString());
    }

    private static void Substitute(JsonNode? node, ForestUser user)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal))
                    {
                        obj[key] = Replace(text, user);
                    }
                    else
                    {
                        Substitute(child, user);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal))
                    {
                        array[i] = Replace(text, user);
                    }
                    else
                    {
                        Substitute(array[i], user);
                    }
                }

                break;
        }
    }

    private static string Replace(string text, ForestUser user)
    {
        var result = text;
        var start = result.IndexOf("{{", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = result.IndexOf("}}", start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var key = result[(start + 2)..end].Trim();
            var value = Lookup(key, user);
            result = string.Concat(result.AsSpan(0, start), value, result.AsSpan(end + 2));
            start = result.IndexOf("{{", start + value.Length, StringComparison.Ordinal);
        }

        return result;
    }

    private static string Lookup(string key, ForestUser user) => key switch
    {
        "currentUser.id" => user.Id,
        "currentUser.email" => user.Email,
        "currentUser.firstName" => user.FirstName,
        "currentUser.lastName" => user.LastName,
        "currentUser.fullName" => user.FullName,
        "currentUser.role" => user.Role ?? "",
        "currentUser.team.name" or "currentUser.team.id" or "currentUser.team" => user.Team ?? "",
        _ when key.StartsWith("currentUser.tags.", StringComparison.Ordinal) => user.Tags.GetValueOrDefault(key["currentUser.tags.".Length..]) ?? "",
        _ => throw ForestRequestException.BadRequest($"The placeholder {{{{{key}}}}} is unknown (use currentUser.id, email, firstName, lastName, role, team.name or tags.<tag>)."),
    };
}
