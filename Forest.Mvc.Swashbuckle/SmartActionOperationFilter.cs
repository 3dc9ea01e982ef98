using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Forest.Mvc.OpenApi;

/// <summary>
/// Describes each smart action in the OpenAPI document: tagged by collection, with the exact
/// <c>custom-action-requests</c> body (typed <c>values</c>), the result shapes and bearer authentication. It reads only
/// the public <see cref="ForestActionDescriptor"/> of each endpoint's metadata, as any other OpenAPI integration can.
/// </summary>
internal sealed class SmartActionOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata?.OfType<ForestActionDescriptor>().FirstOrDefault() is not { } action)
        {
            return;
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(action.Collection.Name, context.Document) };
        operation.OperationId = action.Id;
        operation.Summary = $"{action.Name} ({action.Type.ToString().ToLowerInvariant()} action on {action.Collection.Name})";
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
                    Schema = RequestSchemas.Request(action, KeyType(context, action.Collection.PrimaryKey.ClrType)),
                    Example = RequestSchemas.Example(action),
                },
            },
        };
        operation.Responses = ResponseSchemas.For(action);
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ForestSwaggerExtensions.SchemeName, context.Document)] = [] }];
    }

    /// <summary>The JSON type of the primary key, as the document's own schema generator sees it (<c>integer</c>, <c>string (uuid)</c>).</summary>
    private static string KeyType(OperationFilterContext context, Type keyType)
    {
        var schema = context.SchemaGenerator.GenerateSchema(keyType, context.SchemaRepository);
        var type = schema.Type?.ToString().ToLowerInvariant() ?? "value";
        return schema.Format is { Length: > 0 } format ? $"{type} ({format})" : type;
    }
}

/// <summary>The request body schema of an action.</summary>
internal static class RequestSchemas
{
    public static OpenApiSchema Request(ForestActionDescriptor action, string key)
    {
        var fields = action.Form.Fields;
        var values = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = fields.Count == 0 ? "This action has no form: send {}." : "The form values, keyed by field name.",
            Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)Field(f)),
            Required = fields.Where(f => f.IsRequired).Select(f => f.Name).ToHashSet(),
        };
        var attributes = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "ids", "values" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["collection_name"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(action.Collection.Name)] },
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

    private static OpenApiSchema Field(ForestActionFieldDescriptor field)
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

    public static JsonObject Example(ForestActionDescriptor action)
    {
        var values = new JsonObject();
        foreach (var field in action.Form.Fields)
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
            values[field.Name] = field.IsList ? new JsonArray(sample) : sample;
        }

        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "custom-action-requests",
                ["attributes"] = new JsonObject
                {
                    ["collection_name"] = action.Collection.Name,
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
