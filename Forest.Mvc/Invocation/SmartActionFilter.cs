using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Records;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Invocation;

/// <summary>
/// The MVC side of every smart action call, added by discovery to each action and to its form hook routes (so it
/// cannot be left out), and run before model binding. A call of the route is built here, from the request: the token authenticated, the
/// JSON:API body parsed. A call from another source arrives built (<see cref="SmartActionInvoker"/>). Then
/// <see cref="InvocationPipeline"/> runs the stages, and MVC the action method and its result.
/// </summary>
internal sealed class SmartActionFilter(InvocationPipeline pipeline, IOptions<ForestOptions> options) : IAsyncResourceFilter, IOrderedFilter
{
    public int Order => int.MinValue + 100;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var properties = context.ActionDescriptor.Properties;
        var hook = properties.TryGetValue(typeof(FormHookRoute), out var route) ? (FormHookRoute?)route : null;
        var action = hook?.Action ?? (properties.TryGetValue(typeof(SmartActionDescriptor), out var found) && found is SmartActionDescriptor descriptor
            ? descriptor
            : throw new InvalidOperationException("A smart action route has no SmartActionDescriptor."));
        var given = SmartActionInvocation.Find(http);
        var result = await pipeline.RunAsync(http, action, hook?.Kind, () => given is null ? FromRequestAsync(http, action, hook?.Kind) : Task.FromResult(given), async invocation =>
        {
            var executed = await next().ConfigureAwait(false);
            if (executed.Exception is { } exception && !executed.ExceptionHandled && ForestErrorBoundary.IsHandled(http, exception))
            {
                // Answered here, inside MVC, so that no middleware between (e.g. the developer exception page) sees it.
                executed.ExceptionHandled = true;
                await InvocationPipeline.FailAsync(http, exception).ConfigureAwait(false);
            }

            invocation.Status = http.Response.StatusCode;
        }).ConfigureAwait(false);
        if (result is not null)
        {
            context.Result = result;
        }
    }

    /// <summary>A call of the action's route (or of one of its hook routes): the user of the token, the body, the <c>timezone</c> query parameter.</summary>
    private async Task<SmartActionInvocation> FromRequestAsync(HttpContext http, SmartActionDescriptor action, HookKind? hook)
    {
        var user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync(http, options.Value.MaxActionBodyBytes, "Forest:MaxActionBodyBytes on smart action routes").ConfigureAwait(false);
        return new SmartActionInvocation
        {
            Action = action,
            Source = InvocationSource.Http,
            Services = http.RequestServices,
            User = user,
            Request = hook is null ? SmartActionRequest.Parse(body) : FormHookRequest.Parse(body),
            TimeZone = ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault()),
            CancellationToken = http.RequestAborted,
            Hook = hook,
        };
    }
}
