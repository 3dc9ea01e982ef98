using Forest.Mvc.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Forest.Mvc;

/// <summary>Adds the smart actions to a Swashbuckle document.</summary>
public static class ForestSwaggerExtensions
{
    /// <summary>The name of the bearer security scheme added to the document.</summary>
    public const string SchemeName = "Bearer";

    /// <summary>
    /// Describes every smart action (tagged by collection, typed request body, result shapes) and adds a
    /// "Bearer" security scheme, so that "Try it out" works with a token from <c>POST /forest/authentication</c>.
    /// </summary>
    /// <param name="options">Swashbuckle's options.</param>
    /// <returns>The same options.</returns>
    public static SwaggerGenOptions AddForestSmartActions(this SwaggerGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A Forest token: POST /forest/authentication with {\"email\", \"password\"} and paste the \"token\" here.",
        });
        options.OperationFilter<SmartActionOperationFilter>();
        options.DocumentFilter<OperationTagsDocumentFilter>();
        return options;
    }
}
