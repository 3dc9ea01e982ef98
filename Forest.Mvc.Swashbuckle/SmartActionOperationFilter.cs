using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Schema;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.OpenApi;

/// <summary>
/// Describes each smart action in the OpenAPI document: tagged by collection, with the exact
/// <c>custom-action-requests</c> body (typed <c>values</c>), the result shapes and bearer authentication.
/// </summary>
internal sealed class SmartActionOperationFilter(ForestRegistry registry) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.Properties.TryGetValue(typeof(SmartActionDescriptor), out var value) || value is not SmartActionDescriptor action)
        {
            return;
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(action.Collection, context.Document) };
        operation.OperationId = action.Id;
        operation.Summary = $"{action.Name} ({action.WireType} action on {action.Collection})";
        operation.Description = action.Description;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "timezone",
            In = ParameterLocation.Query,
            Required = false,
            Description = "The user's IANA time zone (e.g. Europe/Paris), used by date filters of a select-all; UTC when absent.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A JSON:API custom-action-requests document.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType
                {
                    Schema = RequestSchemas.Request(action, registry.GetCollection(action).PrimaryKey.ClrType),
                    Example = RequestSchemas.Example(action),
                },
            },
        };
        operation.Responses = ResponseSchemas.For(action);
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ForestSwaggerExtensions.SchemeName, context.Document)] = [] }];
    }
}

/// <summary>The request body schema of an action.</summary>
internal static class RequestSchemas
{
    public static OpenApiSchema Request(SmartActionDescriptor action, Type keyType)
    {
        var key = Schema.ValueConverter.Describe(keyType);
        var values = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = action.Fields.Count == 0 ? "This action has no form: send {}." : "The form values, keyed by field name.",
            Properties = action.Fields.ToDictionary(f => f.Field, f => (IOpenApiSchema)Field(f)),
            Required = action.Fields.Where(f => f.IsRequired).Select(f => f.Field).ToHashSet(),
        };
        var attributes = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "ids", "values" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["collection_name"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(action.Collection)] },
                ["ids"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = action.Type switch
                    {
                        ActionType.Single => $"Exactly one id ({key}, as a string).",
                        ActionType.Global => "Ignored: a global action runs on no record.",
                        _ => $"One or more ids ({key}, as strings), unless all_records is true.",
                    },
                },
                ["values"] = values,
                ["all_records"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "\"Select all\": run on every record matching all_records_subset_query." },
                ["all_records_subset_query"] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = "The list query: filters (a condition tree as JSON text), search, segment, timezone." },
                ["all_records_ids_excluded"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["parent_collection_name"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["parent_collection_id"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["parent_association_name"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["smart_action_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(action.Id)] },
            },
        };
        var data = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "attributes" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("custom-action-requests")] },
                ["attributes"] = attributes,
            },
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "data" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["data"] = data },
        };
    }

    private static OpenApiSchema Field(ActionFieldDescriptor field)
    {
        var schema = field.Type switch
        {
            FieldType.Number => new OpenApiSchema { Type = field.Reference is null ? JsonSchemaType.Number : JsonSchemaType.String },
            FieldType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            FieldType.Date => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            FieldType.Dateonly => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
            FieldType.Time => new OpenApiSchema { Type = JsonSchemaType.String, Format = "time" },
            FieldType.Enum => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. field.Enums!.Select(e => (JsonNode)JsonValue.Create(e))] },
            FieldType.File => new OpenApiSchema { Type = JsonSchemaType.String, Format = "data-url", Pattern = "^data:" },
            FieldType.Json => new OpenApiSchema(),
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
        schema.Description = field.Reference is null ? field.Description : $"{field.Description} The id of a record of {field.Reference}.".Trim();
        return field.IsList ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema, Description = schema.Description } : schema;
    }

    public static JsonObject Example(SmartActionDescriptor action)
    {
        var values = new JsonObject();
        foreach (var field in action.Fields)
        {
            JsonNode? sample = field.Type switch
            {
                _ when field.Reference is not null => "1",
                FieldType.Number => 42,
                FieldType.Boolean => true,
                FieldType.Date => "2026-01-31T09:00:00.000Z",
                FieldType.Dateonly => "2026-01-31",
                FieldType.Time => "09:00",
                FieldType.Enum => field.Enums![0],
                _ => "text",
            };
            values[field.Field] = field.IsList ? new JsonArray(sample) : sample;
        }

        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "custom-action-requests",
                ["attributes"] = new JsonObject
                {
                    ["collection_name"] = action.Collection,
                    ["ids"] = action.Type == ActionType.Global ? new JsonArray() : new JsonArray("1"),
                    ["values"] = values,
                    ["all_records"] = false,
                    ["all_records_subset_query"] = new JsonObject(),
                    ["all_records_ids_excluded"] = new JsonArray(),
                    ["parent_collection_name"] = null,
                    ["parent_collection_id"] = null,
                    ["parent_association_name"] = null,
                    ["smart_action_id"] = action.Id,
                },
            },
        };
    }
}
