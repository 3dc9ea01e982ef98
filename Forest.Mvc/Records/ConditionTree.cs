using System.Text.Json;
using Forest.Mvc.Errors;

namespace Forest.Mvc.Records;

/// <summary>A node of a Forest condition tree (the <c>filters</c> parameter).</summary>
internal abstract record ConditionNode
{
    /// <summary>
    /// The number of conditions and nested aggregators below the root (a flat <c>or</c> of 200 conditions counts 200),
    /// counting no further than <paramref name="stopAt"/>.
    /// </summary>
    public int Count(int stopAt)
    {
        var count = -1;
        var pending = new Stack<ConditionNode>();
        pending.Push(this);
        while (pending.Count > 0 && count < stopAt)
        {
            count++;
            if (pending.Pop() is ConditionBranch branch)
            {
                foreach (var child in branch.Conditions)
                {
                    pending.Push(child);
                }
            }
        }

        return count;
    }

    /// <summary>Parses the JSON of a condition tree: a string holding JSON, or the object itself.</summary>
    public static ConditionNode? Parse(JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return Parse(element.GetString());
        }

        return ParseNode(element, "filters");
    }

    /// <summary>Parses the JSON text of a condition tree.</summary>
    public static ConditionNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            return ParseNode(document.RootElement.Clone(), "filters");
        }
        catch (JsonException exception)
        {
            throw ForestRequestException.BadRequest($"filters: the condition tree is not valid JSON ({exception.Message}).");
        }
    }

    private static ConditionNode ParseNode(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest($"{path}: a condition must be an object with 'field', 'operator' and 'value', or 'aggregator' and 'conditions'.");
        }

        if (element.TryGetProperty("aggregator", out var aggregator))
        {
            var kind = aggregator.ValueKind == JsonValueKind.String ? aggregator.GetString()!.ToUpperInvariant() : "";
            if (kind is not ("AND" or "OR"))
            {
                throw ForestRequestException.BadRequest($"{path}: the aggregator must be 'and' or 'or'.");
            }

            if (!element.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
            {
                throw ForestRequestException.BadRequest($"{path}: an aggregator needs a 'conditions' array.");
            }

            var children = new List<ConditionNode>();
            var index = 0;
            foreach (var child in conditions.EnumerateArray())
            {
                children.Add(ParseNode(child, $"{path}.conditions[{index++}]"));
            }

            return new ConditionBranch(kind == "OR", children);
        }

        if (!element.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(field.GetString()))
        {
            throw ForestRequestException.BadRequest($"{path}: a condition needs a 'field'.");
        }

        if (!element.TryGetProperty("operator", out var op) || op.ValueKind != JsonValueKind.String)
        {
            throw ForestRequestException.BadRequest($"{path}: the condition on '{field.GetString()}' needs an 'operator'.");
        }

        var value = element.TryGetProperty("value", out var v) ? v.Clone() : default;
        return new ConditionLeaf(field.GetString()!, op.GetString()!.ToLowerInvariant(), value);
    }
}

/// <summary><c>{aggregator, conditions}</c>.</summary>
internal sealed record ConditionBranch(bool IsOr, IReadOnlyList<ConditionNode> Conditions) : ConditionNode;

/// <summary><c>{field, operator, value}</c>; <c>field</c> may be <c>relation:field</c>.</summary>
internal sealed record ConditionLeaf(string Field, string Operator, JsonElement Value) : ConditionNode;
