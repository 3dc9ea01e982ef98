using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Forest.Mvc.Actions;

/// <summary>
/// Turns exceptions of a smart action into Forest errors (see <see cref="ExceptionClassifier"/>): a
/// <see cref="ForestRequestException"/> keeps its status and message; a busy or unreachable database is a 503 with
/// <c>Retry-After</c>; anything else is logged and answered 500 <c>UnexpectedError</c> with a correlation id.
/// </summary>
internal sealed class SmartActionExceptionFilter : IAsyncExceptionFilter
{
    public async Task OnExceptionAsync(ExceptionContext context)
    {
        if (!ForestErrorBoundary.IsHandled(context.HttpContext, context.Exception))
        {
            return;
        }

        await ForestErrorBoundary.RespondAsync(context.HttpContext, context.Exception).ConfigureAwait(false);
        context.Result = new EmptyResult();
        context.ExceptionHandled = true;
    }
}
