using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Actions;

/// <summary>
/// Everything that happens before an action or one of its form hooks runs: authentication, body checks,
/// collection and parent checks, the type rule, the selection and, for the action itself, the form values.
/// Shared by the MVC filter of actions and the hook endpoints, so both are protected the same way.
/// </summary>
internal sealed class SmartActionPreparer(ForestRegistry registry, RecordsService records, IOptions<ForestOptions> options)
{
    /// <summary>Prepares a call; a <see cref="ForestRequestException"/> says why it is refused.</summary>
    /// <param name="http">The request.</param>
    /// <param name="action">The action called, or whose form hook is called.</param>
    /// <param name="forHook">Whether a hook is called (values are then the form being edited, not checked).</param>
    public async Task<SmartActionExecution> PrepareAsync(HttpContext http, SmartActionDescriptor action, bool forHook)
    {
        var user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        var request = forHook ? FormHookRequest.Parse(body) : SmartActionRequest.Parse(body);
        var collection = registry.GetCollection(action);
        if (request.CollectionName is { } name && name != collection.Name)
        {
            throw ForestRequestException.BadRequest($"data.attributes.collection_name is '{name}', but the action '{action.Name}' belongs to the collection '{collection.Name}'.");
        }

        var timeZone = ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault());
        var parent = ResolveParent(request, collection);
        var db = (DbContext)http.RequestServices.GetRequiredService(registry.DbContextType);
        var values = forHook
            ? SmartActionValues.Empty
            : await ActionValuesBinder.BindAsync(action.Fields, request.Values, options.Value.MaxFileBytes, (reference, id, ct) => ReferenceExistsAsync(db, reference, id, ct), http.RequestAborted).ConfigureAwait(false);
        var selection = await records.For(collection).PrepareSelectionAsync(db, action, request, parent, timeZone, http.RequestAborted).ConfigureAwait(false);
        var form = !forHook && action.FormType is not null
            ? await FormBinder.BindAsync(action, values, http.RequestServices, http.RequestAborted).ConfigureAwait(false)
            : null;
        return new SmartActionExecution
        {
            Action = action,
            Collection = collection,
            Request = request,
            User = user,
            TimeZone = timeZone,
            Values = values,
            Selection = selection,
            Form = form,
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
