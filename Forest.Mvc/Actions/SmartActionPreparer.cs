using System.Text.Json;
using Forest.Mvc.Approvals;
using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
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
        var ct = http.RequestAborted;
        var user = await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);

        // An approved request replays its stored, already-checked body, not the approver's request.
        var approval = forHook ? null : http.RequestServices.GetService<ApprovalReplay>()?.Current;
        var body = approval?.Body ?? await ReadBodyAsync(http).ConfigureAwait(false);
        var request = forHook ? FormHookRequest.Parse(body) : SmartActionRequest.Parse(body);
        var collection = registry.GetCollection(action);
        if (request.CollectionName is { } name && name != collection.Name)
        {
            throw ForestRequestException.BadRequest($"data.attributes.collection_name is '{name}', but the action '{action.Name}' belongs to the collection '{collection.Name}'.");
        }

        var timeZone = approval?.TimeZone ?? ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault());
        var parent = ResolveParent(request, collection);
        var access = http.RequestServices.GetRequiredService<AccessControl>();
        var rules = await access.LoadAsync(user, collection.Name, ct).ConfigureAwait(false);
        if (approval is null)
        {
            access.EnsureMayTrigger(rules, action);
        }

        var db = (DbContext)http.RequestServices.GetRequiredService(registry.DbContextType);
        var scopes = AccessControl.Scopes(rules, user);
        if (parent is not null)
        {
            await records.EnsureParentAsync(db, parent, scopes, ct).ConfigureAwait(false);
        }

        var selection = await records.For(collection).PrepareSelectionAsync(db, action.Type, action.Name, request, parent, scopes, timeZone, ct).ConfigureAwait(false);
        if (approval is null)
        {
            await access.EnsureCanTriggerAsync(rules, user, action, selection, timeZone, ct).ConfigureAwait(false);
        }

        var values = SmartActionValues.Empty;
        object? form = null;
        if (!forHook)
        {
            await access.EnsureEnabledAsync(rules, user, action, collection, selection, timeZone, ct).ConfigureAwait(false);
            values = await ActionValuesBinder.BindAsync(action.Fields, request.Values, options.Value.MaxFileBytes, (reference, id, c) => ReferenceExistsAsync(db, scopes, reference, id, c), ct).ConfigureAwait(false);
            form = action.FormType is null ? null : await FormBinder.BindAsync(action, values, http.RequestServices, ct).ConfigureAwait(false);
            if (approval is null)
            {
                await RequestApprovalIfNeededAsync(http, access, rules, user, action, collection, request, selection, timeZone).ConfigureAwait(false);
            }
        }

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
            Approval = approval is null ? null : new ApprovalInfo(approval.Approval.Id, approval.Approval.RequesterId, approval.Approval.RequesterEmail, approval.Approval.RequesterName, approval.Approval.CreatedAt, approval.Approval.ReviewMessage),
        };
    }

    /// <summary>When the caller's role must have the action approved: stores the request and answers 403 CustomActionRequiresApprovalError.</summary>
    private static async Task RequestApprovalIfNeededAsync(HttpContext http, AccessControl access, AccessRules rules, ForestUser user, SmartActionDescriptor action, CollectionDescriptor collection, SmartActionRequest request, object selection, TimeZoneInfo timeZone)
    {
        var (verdict, approvers) = await access.TriggerVerdictAsync(rules, user, action, selection, timeZone, http.RequestAborted).ConfigureAwait(false);
        if (verdict != TriggerVerdict.RequiresApproval)
        {
            return;
        }

        var approvals = http.RequestServices.GetRequiredService<ApprovalService>();
        var created = await approvals.CreateAsync(user, action, collection, request, selection, timeZone, approvers, http.RequestAborted).ConfigureAwait(false);
        throw new ForestRequestException(403, AccessControl.RequiresApproval, "This action requires to be approved.")
        {
            ErrorData = new { roleIdsAllowedToApprove = approvers, approvalRequestId = created.Id, recordIds = System.Text.Json.JsonSerializer.Deserialize<string[]>(created.RecordIds) },
        };
    }

    /// <summary>The parent context of a request (related data), checked against the schema.</summary>
    internal ParentScope? Parent(SmartActionRequest request, CollectionDescriptor collection) => ResolveParent(request, collection);

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

    /// <summary>Whether the referenced record exists within the caller's scope on its collection.</summary>
    private async Task<bool> ReferenceExistsAsync(DbContext db, CallerScopes scopes, string reference, string id, CancellationToken cancellationToken)
    {
        var target = registry.FindCollection(reference[..reference.LastIndexOf('.')]);
        if (target is null || ValueConverter.FromString(id, target.PrimaryKey.ClrType) is null)
        {
            return false;
        }

        return await records.For(target).FindAsync(db, id, scopes.Of(target.Name), cancellationToken).ConfigureAwait(false) is not null;
    }

    private Task<JsonElement> ReadBodyAsync(HttpContext http) =>
        JsonBody.ReadAsync(http, options.Value.MaxActionBodyBytes, "Forest:MaxActionBodyBytes on smart action routes");
}
