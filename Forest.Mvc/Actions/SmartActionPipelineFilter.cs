using Forest.Mvc.Activity;
using Forest.Mvc.Errors;
using Forest.Mvc.Permissions;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Actions;

/// <summary>
/// The request pipeline every smart action gets from discovery (see <see cref="SmartActionPreparer"/>). Runs before
/// model binding; the action method only runs when everything passed.
/// </summary>
internal sealed partial class SmartActionPipelineFilter(
    SmartActionPreparer preparer,
    TimeProvider time,
    ILogger<SmartActionPipelineFilter> logger) : IAsyncResourceFilter, IOrderedFilter
{
    public int Order => int.MinValue + 100;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var action = context.ActionDescriptor.Properties.TryGetValue(typeof(SmartActionDescriptor), out var found) && found is SmartActionDescriptor descriptor
            ? descriptor
            : throw new InvalidOperationException("A smart action route has no SmartActionDescriptor.");
        var started = time.GetTimestamp();
        SmartActionExecution execution;
        try
        {
            execution = await preparer.PrepareAsync(http, action, forHook: false).ConfigureAwait(false);
            http.Features.Set(execution);
        }
        catch (ForestRequestException exception)
        {
            var user = http.Features.Get<ForestUser>();
            LogRefused(logger, action.Name, user?.Email ?? "(anonymous)", exception.Status, exception.Message);
            await ForestErrorWriter.WriteAsync(http, exception).ConfigureAwait(false);
            context.Result = new Microsoft.AspNetCore.Mvc.EmptyResult();
            if (user is not null && exception.Name != AccessControl.RequiresApproval)
            {
                await Activity(http).RecordAsync(ActivityKind.Denied, user, action, null, $"{exception.Name}: {exception.Message}", exception.Status).ConfigureAwait(false);
            }

            return;
        }

        await next().ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRan(logger, action.Name, action.Collection, execution.User.Email, http.Response.StatusCode, elapsed);
        }

        var kind = execution.Approval is null ? ActivityKind.Trigger : ActivityKind.Execution;
        await Activity(http).RecordAsync(kind, execution.User, action, execution.Request, $"answered {http.Response.StatusCode}", http.Response.StatusCode, elapsed, execution.Approval?.RequestId).ConfigureAwait(false);
    }

    private static ActivityLog Activity(Microsoft.AspNetCore.Http.HttpContext http) => http.RequestServices.GetRequiredService<ActivityLog>();

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Smart action '{Action}' on {Collection} by {User} answered {Status} in {Elapsed:0.0} ms.")]
    private static partial void LogRan(ILogger logger, string action, string collection, string user, int status, double elapsed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Smart action '{Action}' refused for {User}: {Status} {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string user, int status, string reason);
}
