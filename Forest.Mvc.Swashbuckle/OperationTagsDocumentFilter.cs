using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Forest.Mvc.OpenApi;

/// <summary>Lists in the document exactly the tags its operations use (smart actions are tagged by collection, not by controller).</summary>
internal sealed class OperationTagsDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var used = swaggerDoc.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name }));
    }
}
