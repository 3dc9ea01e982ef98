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
        JsonElement body;
        try
        {
            body = await JsonBody.ReadAsync(http, JsonBody.SmallBodyBytes).ConfigureAwait(false);
        }
        catch (ForestRequestException exception) when (exception.Status == 400)
        {
            throw ForestRequestException.BadRequest($"{exception.Message} Expected: {expected}.");
        }

        var node = body.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(body.GetRawText());
        return node as T ?? throw ForestRequestException.BadRequest($"The body must be {expected}.");
    }
}
