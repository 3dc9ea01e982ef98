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
