using System.Text;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Mcp;

/// <summary>
/// A request made inside an MCP tool call, to a Forest route or a smart action's MVC pipeline: the same services
/// and user as the MCP request (the user travels as <see cref="McpCaller"/>), its own body and response.
/// </summary>
internal static class McpSubRequest
{
    public static DefaultHttpContext Create(HttpContext parent, string method, string path, string query, string? body = null)
    {
        var sub = new DefaultHttpContext { RequestServices = parent.RequestServices, RequestAborted = parent.RequestAborted };
        sub.Request.Method = method;
        sub.Request.Scheme = parent.Request.Scheme;
        sub.Request.Host = parent.Request.Host;
        sub.Request.PathBase = parent.Request.PathBase;
        sub.Request.Path = path;
        sub.Request.QueryString = new QueryString(query);
        sub.Connection.RemoteIpAddress = parent.Connection.RemoteIpAddress;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            sub.Request.Body = new MemoryStream(bytes);
            sub.Request.ContentType = "application/json";
            sub.Request.ContentLength = bytes.Length;
        }

        sub.Response.Body = new MemoryStream();
        sub.Features.Set(parent.Features.Get<McpCaller>());
        if (parent.Features.Get<ForestUser>() is { } user)
        {
            sub.Features.Set(user);
        }

        return sub;
    }

    /// <summary>Runs a route's handler on the sub-request and answers the JSON it wrote.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> JsonAsync(HttpContext sub, Func<HttpContext, Task<IResult>> handler)
    {
        await (await handler(sub).ConfigureAwait(false)).ExecuteAsync(sub).ConfigureAwait(false);
        return System.Text.Json.Nodes.JsonNode.Parse(Body(sub))!;
    }

    /// <summary>The address the client reached the application at (scheme, host and path base), for absolute links.</summary>
    public static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The response's body as text.</summary>
    public static string Body(HttpContext sub) => Encoding.UTF8.GetString(((MemoryStream)sub.Response.Body).ToArray());

    public static byte[] Bytes(HttpContext sub) => ((MemoryStream)sub.Response.Body).ToArray();
}
