using Microsoft.OpenApi;

namespace Forest.Mvc.OpenApi;

/// <summary>The responses of a smart action: its results and the Forest errors of the pipeline.</summary>
internal static class ResponseSchemas
{
    public static OpenApiResponses For(ForestActionDescriptor action)
    {
        var responses = new OpenApiResponses();
        if (action.IsDownload)
        {
            responses["200"] = new OpenApiResponse
            {
                Description = "The file, with Content-Disposition: attachment; filename=…",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/octet-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }
        else
        {
            responses["200"] = Json("A result: {success} (with refresh or redirectTo), {html} or {webhook}.", Result());
        }

        responses["204"] = new OpenApiResponse { Description = "Done: the default success notification." };
        responses["400"] = Json("{error} or {html} from the action, or a Forest ValidationError naming what is wrong in the request.", ErrorOrResult());
        responses["401"] = Json("UnauthorizedError: the token is missing, invalid or expired.", Errors());
        responses["403"] = Json("CustomActionTriggerForbiddenError, or CustomActionRequiresApprovalError (the request was stored for approval: data.approvalRequestId, data.roleIdsAllowedToApprove).", Errors());
        responses["404"] = Json("NotFoundError: a selected record does not exist.", Errors());
        responses["413"] = Json("PayloadTooLargeError.", Errors());
        responses["422"] = Json("UnprocessableError (the body carries requester_id), InvalidActionConditionError, ApprovalSelectionTooLargeError.", Errors());
        return responses;
    }

    private static OpenApiResponse Json(string description, OpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
    };

    private static OpenApiSchema String() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Result() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = String(),
            ["html"] = String(),
            ["redirectTo"] = String(),
            ["refresh"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema> { ["relationships"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = String() } },
            },
            ["webhook"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["url"] = String(),
                    ["method"] = String(),
                    ["headers"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = String() },
                    ["body"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                },
            },
        },
    };

    private static OpenApiSchema ErrorOrResult()
    {
        var schema = Errors();
        schema.Properties!["error"] = String();
        schema.Properties["html"] = String();
        return schema;
    }

    private static OpenApiSchema Errors() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["detail"] = String(),
                        ["name"] = String(),
                        ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                    },
                },
            },
        },
    };
}
