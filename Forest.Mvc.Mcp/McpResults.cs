using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// A smart action's answer as MCP content: messages and errors as text (<c>isError</c> for errors, with the fields
/// named), HTML as text without tags plus the sanitised HTML, a file embedded when small, a redirect or a webhook
/// described (never fired), and "requires approval" as a structured answer with the request's id.
/// </summary>
internal static partial class McpResults
{
    /// <summary>The error name of an action that needs an approval (the Forest agents' wire name).</summary>
    private const string RequiresApproval = "CustomActionRequiresApprovalError";

    public static CallToolResult Json(JsonObject body) => new()
    {
        Content = [new TextContentBlock { Text = body.ToJsonString(ForestRouteHelpers.JsonOptions) }],
        StructuredContent = JsonSerializer.SerializeToElement(body),
    };

    public static CallToolResult Error(string message, JsonObject? details = null) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
        StructuredContent = details is null ? null : JsonSerializer.SerializeToElement(details),
    };

    public static async Task<CallToolResult> FromActionAsync(McpRequest mcp, SmartActionRunResult answer, ForestActionDescriptor action)
    {
        var maxEmbeddedBytes = mcp.Options.MaxEmbeddedFileBytes;
        var disposition = answer.ContentDisposition;
        if (answer.Status < 300 && disposition.Length > 0)
        {
            return await FileAsync(mcp, answer, maxEmbeddedBytes).ConfigureAwait(false);
        }

        if (answer.Status == 204)
        {
            return Text($"{action.Name}: done.");
        }

        var body = answer.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(answer.Body.Span) as JsonObject ?? new JsonObject();
        return answer.Status < 300 ? Success(action, body) : Failure(mcp, action, answer.Status, body);
    }

    private static CallToolResult Success(ForestActionDescriptor action, JsonObject body)
    {
        var parts = new List<ContentBlock>();
        if (body["success"] is JsonValue success && success.TryGetValue<string>(out var message))
        {
            parts.Add(new TextContentBlock { Text = message });
        }

        if (body["html"] is JsonValue html && html.TryGetValue<string>(out var markup))
        {
            parts.Add(new TextContentBlock { Text = StripTags(markup) });
            parts.Add(new TextContentBlock { Text = "The same result as (sanitised) HTML:\n" + markup });
        }

        if (body["redirectTo"] is JsonValue redirect)
        {
            parts.Add(new TextContentBlock { Text = $"The console would open {redirect}." });
        }

        if (body["webhook"] is JsonObject webhook)
        {
            parts.Add(new TextContentBlock { Text = $"The action asks its caller to send a webhook ({webhook["method"] ?? "POST"} {webhook["url"]}); the MCP server does not send it on your behalf." });
        }

        if (body["job"] is JsonObject job)
        {
            parts.Add(new TextContentBlock { Text = $"Background job {job["id"]} is {job["status"]}: follow it with list_my_jobs." });
        }

        if (parts.Count == 0)
        {
            parts.Add(new TextContentBlock { Text = $"{action.Name}: done." });
        }

        return new CallToolResult { Content = parts, StructuredContent = JsonSerializer.SerializeToElement(body) };
    }

    private static CallToolResult Failure(McpRequest mcp, ForestActionDescriptor action, int status, JsonObject body)
    {
        var error = body["errors"] is JsonArray { Count: > 0 } errors ? errors[0] as JsonObject : null;
        if (status == 403 && error?["name"]?.GetValue<string>() == RequiresApproval)
        {
            var id = error["data"]?["approvalRequestId"]?.ToString();
            var answer = new JsonObject
            {
                ["status"] = "approval_requested",
                ["approvalRequestId"] = id,
                ["link"] = $"{mcp.Agent.OriginUrl}/forest-admin/#/approvals/requested/{id}",
            };
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = $"{action.Name} needs an approval: request {id} was created. Nothing ran; it runs once a reviewer approves it in the console. Follow it with get_approval_status." }],
                StructuredContent = JsonSerializer.SerializeToElement(answer),
            };
        }

        if (body["errors"] is JsonObject fields)
        {
            // Invalid form values: each field with its messages.
            var lines = fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value?.AsArray().Select(m => m?.ToString()) ?? [])}");
            return Error($"{action.Name}: some values are not valid. " + string.Join("; ", lines), body);
        }

        if (body["html"] is JsonValue html && html.TryGetValue<string>(out var markup))
        {
            return Error(StripTags(markup), body);
        }

        var detail = body["error"]?.ToString() ?? error?["detail"]?.ToString() ?? $"{action.Name} failed ({status}).";
        return Error(detail, body);
    }

    private static async Task<CallToolResult> FileAsync(McpRequest mcp, SmartActionRunResult answer, int maxEmbeddedBytes)
    {
        var bytes = answer.Body;
        var name = answer.FileName("result");
        var type = answer.ContentType ?? "application/octet-stream";
        if (bytes.Length <= maxEmbeddedBytes)
        {
            return new CallToolResult
            {
                Content =
                [
                    new TextContentBlock { Text = $"The file {name} ({bytes.Length} bytes, {type})." },
                    new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(bytes.ToArray(), $"forest://files/{Uri.EscapeDataString(name)}", type) },
                ],
            };
        }

        var link = await McpFiles.KeepAsync(mcp, name, type, bytes).ConfigureAwait(false);
        return link is null
            ? Error($"The file {name} is {bytes.Length} bytes, over the {maxEmbeddedBytes} bytes answered to an agent, and there is no store to keep it: download it in the console.")
            : new CallToolResult
            {
                Content =
                [
                    new TextContentBlock { Text = $"The file {name} ({bytes.Length} bytes, {type}) is too large to embed: download it within {McpFiles.Lifetime.TotalMinutes:0} minutes from {link}, with the same Authorization header." },
                    new ResourceLinkBlock { Uri = link, Name = name, MimeType = type, Size = bytes.Length },
                ],
            };
    }

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    /// <summary>The text of an HTML fragment: tags dropped, entities decoded, blank runs collapsed.</summary>
    internal static string StripTags(string html) =>
        Whitespace().Replace(System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
