using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Hosting;

/// <summary>
/// At startup: builds the registry (stopping the app on wrong declarations), builds the MVC action table so that
/// route problems also show now, and writes the schema file.
/// </summary>
internal sealed partial class ForestStartup(
    SchemaDocument schema,
    IActionDescriptorCollectionProvider actions,
    IHostEnvironment environment,
    IOptions<ForestOptions> options,
    ILogger<ForestStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = actions.ActionDescriptors.Items.Count;
        var bytes = schema.Bytes;
        if (string.IsNullOrWhiteSpace(options.Value.SchemaFilePath))
        {
            return;
        }

        var path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.SchemaFilePath));
        try
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            LogSchemaWritten(logger, path, schema.Registry.Collections.Count, schema.Registry.Actions.Count);
        }
        catch (IOException exception)
        {
            LogSchemaNotWritten(logger, exception, path);
        }
        catch (UnauthorizedAccessException exception)
        {
            LogSchemaNotWritten(logger, exception, path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Forest schema written to {Path}: {Collections} collections, {Actions} smart actions.")]
    private static partial void LogSchemaWritten(ILogger logger, string path, int collections, int actions);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Forest schema could not be written to {Path}.")]
    private static partial void LogSchemaNotWritten(ILogger logger, Exception exception, string path);
}
