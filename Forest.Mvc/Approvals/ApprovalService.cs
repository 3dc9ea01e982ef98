using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Activity;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Approvals;

/// <summary>Stores approval requests and decides on them; the decision is atomic in the database, so a request runs once.</summary>
internal sealed class ApprovalService(ForestStoreContext store, ActivityLog activity, TimeProvider time, IOptions<ForestOptions> options)
{
    public const string TooLarge = "ApprovalSelectionTooLargeError";
    public const string AlreadyProcessed = "ApprovalAlreadyProcessedError";

    /// <summary>Stores the request with the exact checked payload (select-all resolved into ids) and answers its id.</summary>
    public async Task<StoredApproval> CreateAsync(Invocation.SmartActionInvocation invocation, IReadOnlyList<int> approverRoleIds)
    {
        var (requester, action, collection, request, selection, timeZone, cancellationToken) =
            (invocation.User, invocation.Action, invocation.Collection, invocation.Request, invocation.Selection, invocation.TimeZone, invocation.CancellationToken);
        var max = options.Value.MaxRecordsForApproval;
        var ids = action.Type == ActionType.Global ? [] : await selection.IdsAsync(max, cancellationToken).ConfigureAwait(false)
            ?? throw new ForestRequestException(422, TooLarge, $"The selection holds more than {max} records, the most that can be sent for approval. Narrow it down.");
        var now = time.GetUtcNow().UtcDateTime;
        var approval = new StoredApproval
        {
            Id = Guid.NewGuid(),
            Collection = collection.Name,
            Action = action.Name,
            Payload = request.ToStoredBody(action, ids),
            TimeZone = timeZone.Id,
            RecordIds = JsonSerializer.Serialize(ids),
            Values = ActivityLog.ShownValues(action, request.Values),
            RequesterId = requester.Id,
            RequesterEmail = requester.Email,
            RequesterName = requester.FullName,
            RequesterRole = requester.Role,
            RequesterTeam = requester.Team,
            ApproverRoleIds = JsonSerializer.Serialize(approverRoleIds),
            CreatedAt = now,
            ExpiresAt = now.Add(options.Value.ApprovalLifetime),
        };
        store.Approvals.Add(approval);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await activity.RecordAsync(ActivityKind.ApprovalRequest, requester, action, request, $"approval requested ({approval.Id})", 403, approvalId: approval.Id, agent: invocation.Agent).ConfigureAwait(false);
        return approval;
    }

    /// <summary>
    /// Marks the requests whose time is up as expired. Writes only when there is something to expire, so that
    /// listing approvals stays a read while another process holds the store's write lock; and when that write
    /// cannot be made now, the listing goes on (the next one expires them).
    /// </summary>
    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = store.Approvals.Where(a => a.Status == ApprovalStatus.Pending && a.ExpiresAt < now);
        if (!await due.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await due.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ApprovalStatus.Expired), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Errors.ExceptionClassifier.IsUnavailable(exception))
        {
            // The store is busy: the requests stay pending a little longer; deciding them re-checks expiry.
        }
    }

    /// <summary>
    /// The requests <paramref name="user"/> may see in one view (requested, to-review or history), newest first, as a
    /// query: filtered, counted and paged in SQL. Call <see cref="ExpireAsync"/> first so that requests whose time is
    /// up are listed as expired.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="roleId">The caller's role.</param>
    /// <param name="canSelfApprove">Whether the caller's role may approve its own requests of (collection, action).</param>
    /// <param name="view">requested, to-review or history.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<IQueryable<StoredApproval>> ViewAsync(ForestUser user, int? roleId, Func<string, string, bool> canSelfApprove, string view, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var approvals = store.Approvals.AsNoTracking();
        var reviewable = Reviewable(roleId);
        IQueryable<StoredApproval> chosen;
        switch (view)
        {
            case "requested":
                chosen = approvals.Where(a => a.RequesterId == userId);
                break;
            case "to-review":
                chosen = approvals.Where(a => a.Status == ApprovalStatus.Pending).Where(reviewable);

                // The caller's own requests only where the role may approve its own (few pairs: read, then in SQL).
                var own = await chosen.Where(a => a.RequesterId == userId).Select(a => new { a.Collection, a.Action }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
                var allowed = own.Where(p => canSelfApprove(p.Collection, p.Action)).Select(p => p.Collection + "\n" + p.Action).ToList();
                chosen = chosen.Where(a => a.RequesterId != userId || allowed.Contains(a.Collection + "\n" + a.Action));
                break;
            case "history":
                chosen = approvals.Where(a => a.Status != ApprovalStatus.Pending);
                if (!Management.AdminGate.IsAdmin(user))
                {
                    chosen = chosen.Where(Either(a => a.RequesterId == userId, reviewable));
                }

                break;
            default:
                throw ForestRequestException.BadRequest($"view must be requested, to-review or history, not '{view}'.");
        }

        return chosen.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
    }

    /// <summary>Requests whose approver roles (a JSON array of ids, e.g. <c>[1,3]</c>) hold <paramref name="roleId"/>.</summary>
    private static System.Linq.Expressions.Expression<Func<StoredApproval, bool>> Reviewable(int? roleId)
    {
        if (roleId is not { } id)
        {
            return a => false;
        }

        var (only, first, middle, last) = ($"[{id}]", $"[{id},", $",{id},", $",{id}]");
        return a => a.ApproverRoleIds == only || a.ApproverRoleIds.StartsWith(first) || a.ApproverRoleIds.Contains(middle) || a.ApproverRoleIds.EndsWith(last);
    }

    private static System.Linq.Expressions.Expression<Func<StoredApproval, bool>> Either(System.Linq.Expressions.Expression<Func<StoredApproval, bool>> left, System.Linq.Expressions.Expression<Func<StoredApproval, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = System.Linq.Expressions.Expression.OrElse(left.Body, ExpressionParts.Inline(right, parameter));
        return System.Linq.Expressions.Expression.Lambda<Func<StoredApproval, bool>>(body, parameter);
    }

    public async Task<StoredApproval> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await ExpireAsync(cancellationToken).ConfigureAwait(false);
        return await store.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false)
            ?? throw ForestRequestException.NotFound($"No approval request has the id '{id}'.");
    }

    /// <summary>
    /// Moves a pending request to <paramref name="status"/> for <paramref name="reviewer"/>: a conditional UPDATE,
    /// so that of concurrent decisions (several requests, several app instances) exactly one wins.
    /// </summary>
    public async Task DecideAsync(StoredApproval approval, string status, ForestUser reviewer, string? message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await store.Approvals
            .Where(a => a.Id == approval.Id && a.Status == ApprovalStatus.Pending && a.ExpiresAt >= now)
            .ExecuteUpdateAsync(
                s => s.SetProperty(a => a.Status, status)
                    .SetProperty(a => a.ReviewerId, reviewer.Id)
                    .SetProperty(a => a.ReviewerEmail, reviewer.Email)
                    .SetProperty(a => a.ReviewerName, reviewer.FullName)
                    .SetProperty(a => a.ReviewMessage, message)
                    .SetProperty(a => a.ReviewedAt, now),
                cancellationToken)
            .ConfigureAwait(false);
        if (changed != 1)
        {
            throw new ForestRequestException(409, AlreadyProcessed, "This approval request was already processed (approved, rejected or expired); it cannot be decided again.");
        }
    }

    public Task RecordResultAsync(Guid id, int status) =>
        store.Approvals.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ResultStatus, status));

    /// <summary>The JSON of a request for the API and the console.</summary>
    public static JsonObject ToJson(StoredApproval approval) => new()
    {
        ["id"] = approval.Id.ToString(),
        ["status"] = approval.Status,
        ["collection"] = approval.Collection,
        ["action"] = approval.Action,
        ["recordIds"] = JsonNode.Parse(approval.RecordIds),
        ["values"] = JsonNode.Parse(approval.Values),
        ["requester"] = new JsonObject { ["id"] = approval.RequesterId, ["email"] = approval.RequesterEmail, ["name"] = approval.RequesterName, ["role"] = approval.RequesterRole, ["team"] = approval.RequesterTeam },
        ["approverRoleIds"] = JsonNode.Parse(approval.ApproverRoleIds),
        ["createdAt"] = ForestJson.Iso(approval.CreatedAt),
        ["expiresAt"] = ForestJson.Iso(approval.ExpiresAt),
        ["reviewer"] = approval.ReviewerId is null ? null : new JsonObject { ["id"] = approval.ReviewerId, ["email"] = approval.ReviewerEmail, ["name"] = approval.ReviewerName },
        ["message"] = approval.ReviewMessage,
        ["reviewedAt"] = approval.ReviewedAt is { } at ? ForestJson.Iso(at) : null,
        ["resultStatus"] = approval.ResultStatus,
    };

}
