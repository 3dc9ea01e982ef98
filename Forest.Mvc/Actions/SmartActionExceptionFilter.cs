using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Actions;

/// <summary>
/// Turns exceptions of a smart action into Forest errors: a <see cref="ForestRequestException"/> keeps its status
/// and message; anything else is logged and answered 500 without internal details.
/// </summary>
internal sealed partial class SmartActionExceptionFilter(ILogger<SmartActionExceptionFilter> logger) : IAsyncExceptionFilter
{
    public async Task OnExceptionAsync(ExceptionContext context)
    {
        if (context.Exception is OperationCanceledException && context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (context.Exception is ForestRequestException forest)
        {
            await ForestErrorWriter.WriteAsync(context.HttpContext, forest).ConfigureAwait(false);
        }
        else
        {
            LogUnexpected(logger, context.Exception, context.ActionDescriptor.DisplayName);
            await ForestErrorWriter.WriteAsync(context.HttpContext, 500, "UnexpectedError", "The action failed unexpectedly; the error was logged on the server.").ConfigureAwait(false);
        }

        context.Result = new EmptyResult();
        context.ExceptionHandled = true;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "The smart action {Action} threw an exception.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? action);
}
