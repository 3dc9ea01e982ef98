using System.Text;
using Forest.Mvc.Actions;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Approvals;

/// <summary>Marks a request as the execution of an approved approval request.</summary>
internal sealed record ApprovalExecution(StoredApproval Approval);

/// <summary>
/// Runs an approved request through the action's own endpoint, in the approver's request: the same pipeline
/// (token, body, selection, values, enablement), the action's own result written to the approver.
/// </summary>
internal static class ApprovalDispatcher
{
    public static async Task ExecuteAsync(HttpContext http, SmartActionDescriptor action, StoredApproval approval)
    {
        var endpoint = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => ReferenceEquals(e.Metadata.GetMetadata<SmartActionDescriptor>(), action))
            ?? throw new InvalidOperationException($"The endpoint of the action '{action.Name}' was not found.");

        var body = Encoding.UTF8.GetBytes(approval.Payload);
        var request = http.Request;
        request.Method = HttpMethods.Post;
        request.Path = action.Endpoint;
        request.QueryString = QueryString.Create("timezone", approval.TimeZone);
        request.ContentType = "application/json";
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body, writable: false);
        request.RouteValues = new RouteValueDictionary(endpoint.RoutePattern.RequiredValues);
        http.Features.Set(new ApprovalExecution(approval));
        http.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(http).ConfigureAwait(false);
    }
}
