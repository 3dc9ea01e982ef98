using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Management;

/// <summary>Reads a JSON body of the management API; anything else is a 400 saying what was expected.</summary>
internal static class RequestJson
{
    public static async Task<T> ReadAsync<T>(HttpContext http, string expected)
        where T : JsonNode
    {
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            return node as T ?? throw ForestRequestException.BadRequest($"The body must be {expected}.");
        }
        catch (JsonException)
        {
            throw ForestRequestException.BadRequest($"The body must be valid JSON: {expected}.");
        }
    }
}
