using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Actions;

/// <summary>
/// The request pipeline every smart action gets from discovery: authentication, body checks, collection and
/// parent checks, the type rule (single/bulk/global), values, and the selection. Runs before model binding; the
/// action method only runs when everything passed.
/// </summary>
internal sealed partial class SmartActionPipelineFilter(
    ForestRegistry registry,
    RecordsService records,
    IOptions<ForestOptions> options,
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
        ForestUser? user = null;
        try
        {
            user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
            var request = SmartActionRequest.Parse(await ReadBodyAsync(http).ConfigureAwait(false));
            var execution = await PrepareAsync(http, action, request, user).ConfigureAwait(false);
            http.Features.Set(execution);
        }
        catch (ForestRequestException exception)
        {
            LogRefused(logger, action.Name, user?.Email ?? "(anonymous)", exception.Status, exception.Message);
            await ForestErrorWriter.WriteAsync(http, exception).ConfigureAwait(false);
            context.Result = new Microsoft.AspNetCore.Mvc.EmptyResult();
            return;
        }

        await next().ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogRan(logger, action.Name, action.Collection, user.Email, http.Response.StatusCode, elapsed);
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Smart action '{Action}' on {Collection} by {User} answered {Status} in {Elapsed:0.0} ms.")]
    private static partial void LogRan(ILogger logger, string action, string collection, string user, int status, double elapsed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Smart action '{Action}' refused for {User}: {Status} {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string user, int status, string reason);

    private async Task<SmartActionExecution> PrepareAsync(HttpContext http, SmartActionDescriptor action, SmartActionRequest request, ForestUser user)
    {
        var collection = registry.GetCollection(action);
        if (request.CollectionName is { } name && name != collection.Name)
        {
            throw ForestRequestException.BadRequest($"data.attributes.collection_name is '{name}', but the action '{action.Name}' belongs to the collection '{collection.Name}'.");
        }

        var timeZone = ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault());
        var parent = ResolveParent(request, collection);
        var db = (DbContext)http.RequestServices.GetRequiredService(registry.DbContextType);
        var values = await ActionValuesBinder.BindAsync(action.Fields, request.Values, (reference, id, ct) => ReferenceExistsAsync(db, reference, id, ct), http.RequestAborted).ConfigureAwait(false);
        var selection = await records.For(collection).PrepareSelectionAsync(db, action, request, parent, timeZone, http.RequestAborted).ConfigureAwait(false);
        return new SmartActionExecution
        {
            Action = action,
            Collection = collection,
            Request = request,
            User = user,
            TimeZone = timeZone,
            Values = values,
            Selection = selection,
        };
    }

    private ParentScope? ResolveParent(SmartActionRequest request, CollectionDescriptor collection)
    {
        if (!request.HasParent)
        {
            return null;
        }

        if (request.ParentCollectionName is null || request.ParentCollectionId is null || request.ParentAssociationName is null)
        {
            throw ForestRequestException.BadRequest("parent_collection_name, parent_collection_id and parent_association_name go together: send all three, or none.");
        }

        var parent = registry.FindCollection(request.ParentCollectionName)
            ?? throw ForestRequestException.BadRequest($"parent_collection_name: '{request.ParentCollectionName}' is not a collection.");
        var association = parent.FindRelationship(request.ParentAssociationName);
        if (association is not { IsCollection: true } || association.TargetClrType != collection.ClrType)
        {
            throw ForestRequestException.BadRequest($"parent_association_name: '{request.ParentAssociationName}' is not a related-data list of '{parent.Name}' holding records of '{collection.Name}'.");
        }

        return new ParentScope(parent, request.ParentCollectionId, association);
    }

    private async Task<bool> ReferenceExistsAsync(DbContext db, string reference, string id, CancellationToken cancellationToken)
    {
        var target = registry.FindCollection(reference[..reference.LastIndexOf('.')]);
        if (target is null || ValueConverter.FromString(id, target.PrimaryKey.ClrType) is null)
        {
            return false;
        }

        return await records.For(target).FindAsync(db, id, cancellationToken).ConfigureAwait(false) is not null;
    }

    private async Task<JsonElement> ReadBodyAsync(HttpContext http)
    {
        var limit = options.Value.MaxActionBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var contentType = http.Request.ContentType;
        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ForestRequestException(415, ForestErrorNames.UnsupportedMediaType, $"The body must be JSON (Content-Type: application/json), not '{contentType}'.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, http.RequestAborted).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw ForestRequestException.BadRequest($"The body is not valid JSON: {exception.Message}");
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
    }

    private static ForestRequestException TooLarge(long limit) =>
        new(413, ForestErrorNames.PayloadTooLarge, $"The body is larger than the {limit / 1024} KiB accepted on smart action routes (Forest:MaxActionBodyBytes).");
}
