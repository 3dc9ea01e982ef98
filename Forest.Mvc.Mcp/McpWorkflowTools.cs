using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Forest.Mvc.Mcp;

/// <summary>
/// The tools around actions: <c>get_action_form</c> (the form as the load hook makes it, for dynamic actions),
/// <c>get_approval_status</c> and <c>list_my_jobs</c>, each answered by what answers the console's route.
/// </summary>
internal static class McpWorkflowTools
{
    public const string GetActionForm = "get_action_form";
    public const string GetApprovalStatus = "get_approval_status";
    public const string ListMyJobs = "list_my_jobs";

    /// <param name="jobs">Whether the application has background jobs (list_my_jobs is listed only then).</param>
    public static IEnumerable<Tool> All(bool jobs)
    {
        yield return McpTools.ReadOnly(GetActionForm, "Gives the form of an action tool for given records, as its load hook makes it: fields, types, enum values, current values. Call it before a dynamic action.", new JsonObject
        {
            ["tool"] = new JsonObject { ["type"] = "string", ["description"] = "The action's tool name, e.g. companies__mark-as-live." },
            ["ids"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "The records the action would run on (none for a global action)." },
        }, "tool");
        yield return McpTools.ReadOnly(GetApprovalStatus, "Gives the state of an approval request that an action call created: pending, approved, rejected…, with its reviewer and message.", new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["description"] = "The approvalRequestId the action call answered." },
        }, "id");
        if (!jobs)
        {
            yield break;
        }

        yield return McpTools.ReadOnly(ListMyJobs, "Lists your background jobs, newest first, with their status, progress and result.", new JsonObject
        {
            ["status"] = new JsonObject { ["type"] = "string", ["description"] = "Only jobs in these statuses, comma-separated: queued, running, succeeded, failed, cancelled, interrupted." },
        });
    }

    public static async Task<CallToolResult> FormAsync(McpRequest mcp, JsonObject args)
    {
        var tool = McpToolCalls.Text(args, "tool", required: true)!;
        var action = await McpToolCalls.ActionAsync(mcp, tool, "action tool").ConfigureAwait(false);
        var answered = await mcp.Agent.InvokeAsync(new ForestAgentActionCall { Action = action, Tool = McpWorkflowTools.GetActionForm, Ids = McpToolCalls.Element(args["ids"]), FormOnly = true }).ConfigureAwait(false);
        var answer = JsonNode.Parse(answered.Body.Span) as JsonObject ?? [];
        if (answered.Status >= 400)
        {
            return McpResults.Error(answer["errors"]?[0]?["detail"]?.ToString() ?? $"The form could not be loaded ({answered.Status}).", answer);
        }

        var fields = new JsonArray([.. (answer["fields"]?.AsArray() ?? []).Select(f => (JsonNode)new JsonObject
        {
            ["field"] = f?["field"]?.DeepClone(),
            ["type"] = f?["type"]?.DeepClone(),
            ["isRequired"] = f?["isRequired"]?.DeepClone(),
            ["isReadOnly"] = f?["isReadOnly"]?.DeepClone(),
            ["enums"] = f?["enums"]?.DeepClone(),
            ["reference"] = f?["reference"]?.DeepClone(),
            ["description"] = f?["description"]?.DeepClone(),
            ["value"] = f?["value"]?.DeepClone(),
        })]);
        return McpResults.Json(new JsonObject { ["tool"] = tool, ["fields"] = fields, ["layout"] = answer["layout"]?.DeepClone() });
    }

    public static async Task<CallToolResult> ApprovalAsync(McpRequest mcp, JsonObject args)
    {
        var text = McpToolCalls.Text(args, "id", required: true)!;
        var id = Guid.TryParse(text, out var parsed) ? parsed : throw McpToolCalls.BadRequest($"id: '{text}' is not an approval request id.");
        var approval = await mcp.Agent.ApprovalAsync(id).ConfigureAwait(false);
        return McpResults.Json(new JsonObject
        {
            ["id"] = approval["id"]?.DeepClone(),
            ["action"] = approval["action"]?.DeepClone(),
            ["collection"] = approval["collection"]?.DeepClone(),
            ["status"] = approval["status"]?.DeepClone(),
            ["recordIds"] = approval["recordIds"]?.DeepClone(),
            ["reviewer"] = approval["reviewer"]?.DeepClone(),
            ["message"] = approval["message"]?.DeepClone(),
            ["createdAt"] = approval["createdAt"]?.DeepClone(),
        });
    }

    public static async Task<CallToolResult> JobsAsync(McpRequest mcp, JsonObject args)
    {
        var status = McpToolCalls.Text(args, "status");
        var parameters = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["filter"] = "mine", ["page[size]"] = "20" };
        if (status is not null)
        {
            parameters["status"] = status;
        }

        var list = await mcp.Services.GetRequiredService<IBackgroundJobList>().ListAsync(mcp.Services, mcp.User, new QueryCollection(parameters), mcp.Aborted).ConfigureAwait(false);
        return McpResults.Json(new JsonObject { ["jobs"] = list["data"]!.DeepClone(), ["count"] = list["meta"]!["count"]!.DeepClone(), ["note"] = "The 20 newest; a file result is downloaded at /forest/jobs/{id}/result with a session token." });
    }
}
