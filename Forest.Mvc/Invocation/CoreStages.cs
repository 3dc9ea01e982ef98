using Forest.Mvc.Forms;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Invocation;

/// <summary>The user's calls of the action per window, before any database work (a stored request was counted when it was made; hooks are not counted).</summary>
internal sealed class RateLimitStage(ActionRateLimits limits) : IInvocationStage
{
    public int Order => StageOrder.RateLimit;

    public Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        if (invocation.Source.CountsAgainstRateLimit && invocation.Hook is null)
        {
            limits.Acquire(invocation.Action, invocation.User);
        }

        return next(invocation);
    }
}

/// <summary>
/// The caller (rules and scopes), then, unless the source decided it already, whether their role may trigger the
/// action at all (before the selection, so that a forbidden caller learns nothing of the records), then the
/// selection: the parent checked within the caller's scope, the ids or the filter typed.
/// </summary>
internal sealed class ResolveStage(ForestRegistry registry) : IInvocationStage
{
    public int Order => StageOrder.Resolve;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        var (action, request, ct) = (invocation.Action, invocation.Request, invocation.CancellationToken);
        var collection = registry.GetCollection(action);
        if (request.CollectionName is { } name && name != collection.Name)
        {
            throw ForestRequestException.BadRequest($"data.attributes.collection_name is '{name}', but the action '{action.Name}' belongs to the collection '{collection.Name}'.");
        }

        var resolver = invocation.Services.GetRequiredService<SelectionResolver>();
        var caller = await resolver.CallerAsync(invocation.User, collection.Name, ct).ConfigureAwait(false);
        if (!invocation.Source.TriggerDecided)
        {
            invocation.Services.GetRequiredService<AccessControl>().EnsureMayTrigger(caller.Rules, action);
        }

        invocation.Collection = collection;
        invocation.Caller = caller;
        invocation.Selection = await resolver.SelectAsync(caller, collection, action.Type, action.Name, request, invocation.TimeZone, ct).ConfigureAwait(false);
        await next(invocation).ConfigureAwait(false);
    }
}

/// <summary>
/// Every count the rules need, read in one query; then the conditional trigger rules (unless decided already) and,
/// for the action itself, whether it is enabled on the selection; the selected records exist.
/// </summary>
internal sealed class AuthorizeStage : IInvocationStage
{
    public int Order => StageOrder.Authorize;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        var (action, caller, selection, timeZone, ct) = (invocation.Action, invocation.Caller, invocation.Selection, invocation.TimeZone, invocation.CancellationToken);
        var access = invocation.Services.GetRequiredService<AccessControl>();
        await access.PrefetchCountsAsync(caller.Rules, caller.User, action, invocation.Collection, selection, timeZone, ct).ConfigureAwait(false);
        // The rules' "no" is returned, not thrown: refusals are common, and a throw through every stage costs more
        // than the query that decided it.
        invocation.Refusal = (invocation.Source.TriggerDecided ? null : await access.TriggerRefusalAsync(caller.Rules, caller.User, action, selection, timeZone, ct).ConfigureAwait(false))
            ?? (invocation.Hook is null ? await access.EnabledRefusalAsync(caller.Rules, caller.User, action, invocation.Collection, selection, timeZone, ct).ConfigureAwait(false) : null);
        if (invocation.Refusal is not null)
        {
            return;
        }

        await selection.EnsureExistsAsync(ct).ConfigureAwait(false);
        await next(invocation).ConfigureAwait(false);
    }
}

/// <summary>The values checked against the declared fields (types, required, references within the caller's scope), then the form class bound and validated.</summary>
internal sealed class BindStage(ForestRegistry registry, RecordsService records, IOptions<ForestOptions> options) : IInvocationStage
{
    public int Order => StageOrder.Bind;

    public async Task InvokeAsync(SmartActionInvocation invocation, InvocationStep next)
    {
        var (action, ct) = (invocation.Action, invocation.CancellationToken);
        var db = invocation.Services.GetRequiredService<SelectionResolver>().Db;
        var scopes = invocation.Caller.Scopes;
        invocation.Values = await ActionValuesBinder.BindAsync(action.Fields, invocation.Request.Values, options.Value.MaxFileBytes, (reference, id, c) => ReferenceExistsAsync(db, scopes, reference, id, c), ct).ConfigureAwait(false);
        invocation.Form = action.FormType is null ? null : await FormBinder.BindAsync(action, invocation.Values, invocation.Services, ct).ConfigureAwait(false);
        await next(invocation).ConfigureAwait(false);
    }

    /// <summary>Whether the referenced record exists within the caller's scope on its collection.</summary>
    private async Task<bool> ReferenceExistsAsync(Microsoft.EntityFrameworkCore.DbContext db, CallerScopes scopes, string reference, string id, CancellationToken cancellationToken)
    {
        var target = registry.FindCollection(reference[..reference.LastIndexOf('.')]);
        if (target is null || ValueConverter.FromString(id, target.PrimaryKey.ClrType) is null)
        {
            return false;
        }

        return await records.For(target).FindAsync(db, id, scopes.Of(target.Name), cancellationToken).ConfigureAwait(false) is not null;
    }
}
