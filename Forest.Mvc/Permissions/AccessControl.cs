using System.Globalization;
using System.Linq.Expressions;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Permissions;

/// <summary>The verdict on triggering an action.</summary>
internal enum TriggerVerdict
{
    Allowed,
    RequiresApproval,
}

/// <summary>
/// Enforces the stored roles on the server: scopes, visibility, trigger and approval permissions with their
/// conditions (set-based counts in SQL), and enablement. In the Development environment nothing is enforced.
/// </summary>
internal sealed class AccessControl(IServiceProvider services, IOptions<ForestOptions> options, RecordsService records)
{
    public const string TriggerForbidden = "CustomActionTriggerForbiddenError";
    public const string RequiresApproval = "CustomActionRequiresApprovalError";
    public const string ApprovalNotAllowed = "ApprovalNotAllowedError";
    public const string InvalidCondition = "InvalidActionConditionError";

    public bool IsEnforced => !options.Value.IsDevelopment;

    /// <summary>Loads the rules of <paramref name="collection"/> for <paramref name="user"/> (empty when not enforced).</summary>
    /// <param name="user">The caller.</param>
    /// <param name="collection">The collection, or <see langword="null"/> for the rules of every collection.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public async Task<AccessRules> LoadAsync(ForestUser user, string? collection, CancellationToken cancellationToken)
    {
        if (!IsEnforced || !services.GetRequiredService<IStoreAccess>().IsConfigured)
        {
            return new AccessRules { Role = null, Roles = [], Permissions = [], Settings = [], Scopes = [] };
        }

        // The role comes from the store on every request (see StoreUserSessions), never from an old token; the
        // rules from the in-memory snapshot of the store's current version.
        var snapshot = await services.GetRequiredService<RequestRules>().GetAsync(cancellationToken).ConfigureAwait(false);
        var (permissions, settings) = collection is null
            ? (snapshot.Permissions, snapshot.Settings)
            : snapshot.ByCollection.GetOrAdd(collection, name => (
                snapshot.Permissions.Where(p => p.Collection == name || p.Collection == "*").ToList(),
                snapshot.Settings.Where(s => s.Collection == name).ToList()));
        return new AccessRules
        {
            Role = snapshot.Roles.FirstOrDefault(r => r.Name == user.Role),
            Roles = snapshot.Roles,
            Permissions = permissions,
            Settings = settings,
            Scopes = snapshot.Scopes,
            Exports = snapshot.Exports,
            ParsedConditions = snapshot.Conditions,
        };
    }

    /// <summary>The caller's scopes on every collection that has one.</summary>
    public static CallerScopes Scopes(AccessRules rules, ForestUser user)
    {
        var byCollection = new Dictionary<string, ConditionNode>(StringComparer.Ordinal);
        foreach (var collection in rules.Scopes.Select(s => s.Collection).Distinct(StringComparer.Ordinal))
        {
            if (ScopeOf(rules, user, collection) is { } scope)
            {
                byCollection[collection] = scope;
            }
        }

        return byCollection.Count == 0 ? CallerScopes.None : new CallerScopes(byCollection);
    }

    /// <summary>The caller's scope on one collection: every matching scope (by role or team), combined with AND.</summary>
    private static ConditionNode? ScopeOf(AccessRules rules, ForestUser user, string collection)
    {
        var parts = rules.Scopes
            .Where(s => s.Collection == collection)
            .Where(s => (s.Role is null || s.Role == rules.Role?.Name) && (s.Team is null || s.Team == user.Team) && (s.Role is not null || s.Team is not null))
            .Select(s => ConditionPlaceholders.Parse(s.Filter, user, rules.ParsedConditions))
            .OfType<ConditionNode>()
            .ToList();
        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => new ConditionBranch(false, parts),
        };
    }

    /// <summary>
    /// Whether the caller may export <paramref name="collection"/> as CSV: the role's <c>export</c> permission, or an
    /// administrator (permission level <c>admin</c>); 403 otherwise. Not enforced in Development.
    /// </summary>
    public void EnsureMayExport(AccessRules rules, ForestUser user, string collection)
    {
        if (!MayExport(rules, user, collection))
        {
            throw new ForestRequestException(403, ForestErrorNames.Forbidden, $"You don't have permission to export the records of '{collection}'.");
        }
    }

    /// <summary>Whether the caller may export <paramref name="collection"/> (see <see cref="EnsureMayExport"/>).</summary>
    public bool MayExport(AccessRules rules, ForestUser user, string collection) => !IsEnforced || rules.MayExport(collection) || user.IsAdmin;

    /// <summary>
    /// Whether the caller's role may trigger the action at all (visible, trigger or trigger with approval), before
    /// anything is read of the selection; 403 otherwise.
    /// </summary>
    /// <summary>Whether the action is shown to the user: visible in the settings, and a trigger permission of any level.</summary>
    public bool MayShow(AccessRules rules, SmartActionDescriptor action) =>
        !IsEnforced || ((rules.Setting(action.Collection, action.Name)?.IsVisible ?? true)
            && rules.Mine(action.Collection, action.Name) is { Trigger: not Storage.TriggerLevel.None });

    public void EnsureMayTrigger(AccessRules rules, SmartActionDescriptor action)
    {
        if (!IsEnforced)
        {
            return;
        }

        if (rules.Setting(action.Collection, action.Name) is { IsVisible: false })
        {
            throw new ForestRequestException(403, ForestErrorNames.Forbidden, $"The action '{action.Name}' is hidden in the settings of '{action.Collection}'.");
        }

        if (rules.Mine(action.Collection, action.Name) is not { Trigger: not TriggerLevel.None })
        {
            throw Forbidden();
        }
    }

    /// <summary>Whether the caller may open the action's form or trigger it on this selection (with its trigger condition): the 403 to answer, returned rather than thrown; <see langword="null"/> when allowed.</summary>
    public async Task<ForestRequestException?> TriggerRefusalAsync(AccessRules rules, ForestUser user, SmartActionDescriptor action, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        EnsureMayTrigger(rules, action);
        if (!IsEnforced)
        {
            return null;
        }

        var permission = rules.Mine(action.Collection, action.Name)!;
        return permission.TriggerCondition is not null && !await AllMatchAsync(rules, action, selection, permission.TriggerCondition, user, timeZone, cancellationToken).ConfigureAwait(false)
            ? Forbidden()
            : null;
    }

    /// <summary>Whether the action is enabled on the selection (enable rule in code, stored enable condition): the error notification to answer, returned rather than thrown; <see langword="null"/> when enabled.</summary>
    public async Task<ForestRequestException?> EnabledRefusalAsync(AccessRules rules, ForestUser user, SmartActionDescriptor action, CollectionDescriptor collection, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        if (action.Type == ActionType.Global)
        {
            return null;
        }

        if (collection.EnableRules.TryGetValue(action.Name, out var rule)
            && !(await selection.CountAsync([EnableRule(action, rule.Predicate)], cancellationToken).ConfigureAwait(false)).AllMatch(EnableRuleKey(action)))
        {
            return ForestRequestException.Notification(rule.Reason);
        }

        if (IsEnforced && rules.Setting(action.Collection, action.Name) is { EnableCondition: { } condition } setting
            && !await AllMatchAsync(rules, action, selection, condition, user, timeZone, cancellationToken).ConfigureAwait(false))
        {
            return ForestRequestException.Notification(setting.DisabledReason ?? $"The action '{action.Name}' is disabled for the selected records.");
        }

        return null;
    }

    /// <summary>Whether triggering needs approval, and if so which roles may approve.</summary>
    public async Task<(TriggerVerdict Verdict, IReadOnlyList<int> ApproverRoleIds)> TriggerVerdictAsync(AccessRules rules, ForestUser user, SmartActionDescriptor action, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var permission = rules.Mine(action.Collection, action.Name);
        if (!IsEnforced || permission?.Trigger != TriggerLevel.TriggerWithApproval)
        {
            return (TriggerVerdict.Allowed, []);
        }

        if (permission.ApprovalCondition is not null && await CountMatchingAsync(rules, action, selection, permission.ApprovalCondition, user, timeZone, cancellationToken).ConfigureAwait(false) == 0)
        {
            return (TriggerVerdict.Allowed, []);
        }

        return (TriggerVerdict.RequiresApproval, await ApproverRoleIdsAsync(rules, user, action, selection, timeZone, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Roles that may approve this request: approve permission, with their condition matching every selected record.</summary>
    public async Task<IReadOnlyList<int>> ApproverRoleIdsAsync(AccessRules rules, ForestUser user, SmartActionDescriptor action, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var allowed = new List<int>();
        foreach (var role in rules.Roles)
        {
            if (rules.For(role.Id, action.Collection, action.Name) is { CanApprove: true } permission
                && (permission.ApproveCondition is null || await AllMatchAsync(rules, action, selection, permission.ApproveCondition, user, timeZone, cancellationToken).ConfigureAwait(false)))
            {
                allowed.Add(role.Id);
            }
        }

        return allowed;
    }

    /// <summary>Whether the approver may approve this request (self-approval needs its own permission); 403 otherwise.</summary>
    public async Task EnsureCanApproveAsync(AccessRules rules, ForestUser approver, string requesterId, SmartActionDescriptor action, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        if (!IsEnforced)
        {
            return;
        }

        var permission = rules.Mine(action.Collection, action.Name);
        var self = string.Equals(requesterId, approver.Id, StringComparison.Ordinal);
        var allowed = permission is { CanApprove: true } && (!self || permission.CanSelfApprove)
            && (permission.ApproveCondition is null || await AllMatchAsync(rules, action, selection, permission.ApproveCondition, approver, timeZone, cancellationToken).ConfigureAwait(false));
        if (!allowed)
        {
            var roles = await ApproverRoleIdsAsync(rules, approver, action, selection, timeZone, cancellationToken).ConfigureAwait(false);
            throw new ForestRequestException(403, ApprovalNotAllowed, self && permission is { CanApprove: true }
                ? "You don't have permission to approve your own request."
                : "You don't have permission to approve this action.")
            {
                ErrorData = new { roleIdsAllowedToApprove = roles },
            };
        }
    }

    private static ForestRequestException Forbidden() =>
        new(403, TriggerForbidden, "You don't have permission to trigger this action.");

    /// <summary>
    /// Reads in one query every count the checks of an action call will need (the ids' existence, the trigger
    /// condition, the enable rule and condition, the approval condition), so that the checks that follow, in their
    /// order and with their own errors, read no more SQL.
    /// </summary>
    public async Task PrefetchCountsAsync(AccessRules rules, ForestUser user, SmartActionDescriptor action, CollectionDescriptor collection, IPreparedSelection selection, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var predicates = new List<SelectionPredicate>();
        if (action.Type != ActionType.Global && collection.EnableRules.TryGetValue(action.Name, out var rule))
        {
            predicates.Add(EnableRule(action, rule.Predicate));
        }

        if (IsEnforced)
        {
            var mine = rules.Mine(action.Collection, action.Name);
            var setting = action.Type == ActionType.Global ? null : rules.Setting(action.Collection, action.Name)?.EnableCondition;
            var approval = mine?.Trigger == TriggerLevel.TriggerWithApproval ? mine.ApprovalCondition : null;
            foreach (var condition in new[] { mine?.TriggerCondition, setting, approval }.OfType<string>())
            {
                if (TryCondition(rules, action, condition, user, timeZone) is { } predicate)
                {
                    predicates.Add(predicate);
                }
            }
        }

        if (predicates.Count == 0)
        {
            await selection.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await selection.CountAsync(predicates, cancellationToken).ConfigureAwait(false);
        }
        catch (ForestRequestException exception) when (exception.InnerException is InvalidOperationException)
        {
            // A rule the database cannot run: each check then counts on its own and answers with its own error.
        }
    }

    private static string EnableRuleKey(SmartActionDescriptor action) => "enable-rule:" + action.Name;

    private static SelectionPredicate EnableRule(SmartActionDescriptor action, LambdaExpression predicate) => new(EnableRuleKey(action), predicate);

    private async Task<bool> AllMatchAsync(AccessRules rules, SmartActionDescriptor action, IPreparedSelection selection, string condition, ForestUser user, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var (selected, matching) = await CountAsync(rules, action, selection, condition, user, timeZone, cancellationToken).ConfigureAwait(false);
        return selected == matching;
    }

    private async Task<int> CountMatchingAsync(AccessRules rules, SmartActionDescriptor action, IPreparedSelection selection, string condition, ForestUser user, TimeZoneInfo timeZone, CancellationToken cancellationToken) =>
        (await CountAsync(rules, action, selection, condition, user, timeZone, cancellationToken).ConfigureAwait(false)).Matching;

    private async Task<(int Selected, int Matching)> CountAsync(AccessRules rules, SmartActionDescriptor action, IPreparedSelection selection, string condition, ForestUser user, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var predicate = Condition(rules, action, condition, user, timeZone);
        try
        {
            var counts = await selection.CountAsync([predicate], cancellationToken).ConfigureAwait(false);
            return (counts.Selected, counts.Matching[predicate.Key]);
        }
        catch (ForestRequestException exception) when (exception.Status == 400 && exception.InnerException is InvalidOperationException)
        {
            throw Unverifiable(exception);
        }
    }

    /// <summary>A stored condition (placeholders filled for <paramref name="user"/>) as a predicate; 422 when it cannot be translated.</summary>
    private SelectionPredicate Condition(AccessRules rules, SmartActionDescriptor action, string condition, ForestUser user, TimeZoneInfo timeZone)
    {
        try
        {
            var tree = ConditionPlaceholders.Parse(condition, user, rules.ParsedConditions);
            var collection = services.GetRequiredService<ForestRegistry>().GetCollection(action);
            var predicate = tree is null
                ? System.Linq.Expressions.Expression.Lambda(System.Linq.Expressions.Expression.Constant(true), System.Linq.Expressions.Expression.Parameter(collection.ClrType, "record"))
                : records.For(collection).Predicate(tree, timeZone);
            return new SelectionPredicate("condition:" + condition, predicate);
        }
        catch (ForestRequestException exception) when (exception.Status == 400)
        {
            throw Unverifiable(exception);
        }
    }

    /// <summary>For the prefetch: a condition that cannot be translated is left to its own check, which answers 422.</summary>
    private SelectionPredicate? TryCondition(AccessRules rules, SmartActionDescriptor action, string condition, ForestUser user, TimeZoneInfo timeZone)
    {
        try
        {
            return Condition(rules, action, condition, user, timeZone);
        }
        catch (ForestRequestException)
        {
            return null;
        }
    }

    private static ForestRequestException Unverifiable(ForestRequestException exception) =>
        new(422, InvalidCondition, "The conditions to trigger this action cannot be verified. Please contact an administrator.", exception);
}
