using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The MCP tool of a smart action: its name (<c>&lt;collection&gt;__&lt;action-slug&gt;</c>), its description, and its
/// input JSON Schema generated from the action's form (types, <c>required</c>, enum values, descriptions, references
/// as the target's id), plus the selection: record ids, or a filter for select-all.
/// </summary>
internal static class McpActionSchema
{
    /// <remarks>The action's id is <c>&lt;collection&gt;-&lt;dasherized name&gt;</c>; the tool's name puts two underscores after the collection.</remarks>
    public static string ToolName(ForestActionDescriptor action) => $"{action.Collection.Name}__{action.Id[(action.Collection.Name.Length + 1)..]}";

    public static string Description(ForestActionDescriptor action)
    {
        var kind = action.Type switch
        {
            ActionType.Single => $"Single action: runs on exactly one record of {action.Collection.Name} (ids: one id).",
            ActionType.Bulk => $"Bulk action: runs on the records of {action.Collection.Name} given by ids, or on every record matching filter.",
            _ => $"Global action on the collection {action.Collection.Name}: no record to select.",
        };
        var form = action.Form.HasLoadHook || action.Form.ChangeHooks.Count > 0 ? " Its form is dynamic: call get_action_form first." : "";
        var background = action.IsBackground ? " It runs in the background: the answer gives a job id (see list_my_jobs)." : "";
        return $"{action.Name}. {(action.Description is { Length: > 0 } d ? d.TrimEnd('.') + ". " : "")}{kind}{form}{background}";
    }

    public static JsonElement InputSchema(ForestActionDescriptor action)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        if (action.Type != ActionType.Global)
        {
            var ids = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string" },
                ["minItems"] = 1,
                ["description"] = action.Type == ActionType.Single ? "The id of the record (exactly one)." : "The ids of the records.",
            };
            if (action.Type == ActionType.Single)
            {
                ids["maxItems"] = 1;
                required.Add("ids");
            }

            properties["ids"] = ids;
        }

        if (action.Type == ActionType.Bulk)
        {
            properties["filter"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Instead of ids: every record matching this condition tree, e.g. {\"field\":\"status\",\"operator\":\"equal\",\"value\":\"pending\"} or {\"aggregator\":\"and\",\"conditions\":[…]}. {} selects every record.",
            };
        }

        var values = new JsonObject();
        var requiredValues = new JsonArray();
        foreach (var field in action.Form.Fields.Where(f => !f.IsReadOnly))
        {
            values[field.Name] = FieldSchema(field);
            if (field.IsRequired)
            {
                requiredValues.Add(field.Name);
            }
        }

        if (values.Count > 0)
        {
            properties["values"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "The values of the action's form.",
                ["properties"] = values,
                ["required"] = requiredValues,
                ["additionalProperties"] = false,
            };
            if (requiredValues.Count > 0)
            {
                required.Add("values");
            }
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static JsonObject FieldSchema(ForestActionFieldDescriptor field)
    {
        var one = field.Type switch
        {
            FieldType.Number => new JsonObject { ["type"] = "number" },
            FieldType.Boolean => new JsonObject { ["type"] = "boolean" },
            FieldType.Date => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            FieldType.Dateonly => new JsonObject { ["type"] = "string", ["format"] = "date" },
            FieldType.Time => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$" },
            FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. (field.Enums ?? []).Select(e => (JsonNode)e)]) },
            FieldType.Json => new JsonObject(),
            FieldType.File => new JsonObject { ["type"] = "string", ["description"] = "A data URI: data:<media type>;name=<file name>;base64,<content>." },
            _ => new JsonObject { ["type"] = "string" },
        };
        if (field.Reference is { } reference)
        {
            one = new JsonObject { ["type"] = "string", ["description"] = $"The id of a record of {reference.Split('.')[0]}." };
        }

        var schema = field.IsList ? new JsonObject { ["type"] = "array", ["items"] = one } : one;
        var description = string.Join(" ", new[] { field.Description, field.IsList ? null : (string?)one["description"]?.GetValue<string>() }.Where(d => d is { Length: > 0 }).Distinct());
        if (description.Length > 0)
        {
            schema["description"] = description;
        }

        if (field.DefaultValue is { } value)
        {
            schema["default"] = JsonSerializer.SerializeToNode(value);
        }

        return schema;
    }
}
