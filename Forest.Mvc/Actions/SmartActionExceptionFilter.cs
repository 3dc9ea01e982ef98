using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;

namespace Forest.Mvc.Actions;

/// <summary>
/// Turns exceptions of a smart action into Forest errors: a <see cref="ForestRequestException"/> keeps its status
/// and message; a busy or unreachable database is a 503 with <c>Retry-After</c> (see <see cref="ExceptionClassifier"/>);
/// anything else is logged and answered 500 <c>UnexpectedError</c> with a correlation id and no internal details.
/// </summary>
internal sealed partial class SmartActionExceptionFilter(ILogger<SmartActionExceptionFilter> logger, Microsoft.Extensions.Options.IOptions<Hosting.ForestOptions> options) : IAsyncExceptionFilter
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
            var error = ExceptionClassifier.Classify(context.Exception, ForestErrorBoundary.RetryAfterSeconds(options.Value));
            if (error.IsUnexpected)
            {
                LogUnexpected(logger, context.Exception, context.ActionDescriptor.DisplayName, context.HttpContext.TraceIdentifier);
                error = error with { Detail = "The action failed unexpectedly; the error was logged on the server." };
            }

            await ForestErrorBoundary.WriteErrorAsync(context.HttpContext, error).ConfigureAwait(false);
        }

        context.Result = new EmptyResult();
        context.ExceptionHandled = true;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "The smart action {Action} threw an exception (correlation id {CorrelationId}).")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? action, string correlationId);
}
