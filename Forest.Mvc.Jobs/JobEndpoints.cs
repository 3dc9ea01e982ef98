using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Background jobs: <c>GET /forest/jobs</c> (<c>filter=mine|all</c>, <c>status</c> (one or several, comma-separated), <c>action</c>, paged),
/// <c>GET /forest/jobs/{id}</c>, <c>POST /forest/jobs/{id}/cancel</c>, <c>GET /forest/jobs/{id}/result</c> and
/// <c>GET /forest/jobs/{id}/report.csv</c>. A user sees their own jobs; an administrator sees everyone's.
/// </summary>
internal static class JobEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/jobs", (Delegate)ListAsync);
        group.MapGet("/jobs/{id:guid}", (Delegate)GetAsync);
        group.MapPost("/jobs/{id:guid}/cancel", (Delegate)CancelAsync);
        group.MapGet("/jobs/{id:guid}/result", (Delegate)ResultAsync);
        group.MapGet("/jobs/{id:guid}/report.csv", (Delegate)ReportAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var (user, store) = Caller(http);
        var query = http.Request.Query;
        var filter = query["filter"].FirstOrDefault() ?? "mine";
        if (filter == "all" && !user.IsAdmin)
        {
            var refusal = new ForestRequestException(403, ForestErrorNames.Forbidden, "Only administrators see everyone's jobs (filter=all).");
            await ForestRouteHelpers.RecordRefusalAsync(http, refusal).ConfigureAwait(false);
            throw refusal;
        }

        return HttpResults.Json(await QueryAsync(store, user, query, http.RequestAborted).ConfigureAwait(false), ForestRouteHelpers.JsonOptions);
    }

    /// <summary>
    /// The jobs <paramref name="user"/> may list (<c>filter=mine</c>, or <c>all</c> for an administrator), newest
    /// first, by <c>status</c> and <c>action</c>, paged; also the MCP tool list_my_jobs.
    /// </summary>
    internal static async Task<JsonObject> QueryAsync(ForestStoreContext store, ForestUser user, IQueryCollection query, CancellationToken cancellationToken)
    {
        var (offset, size) = ForestRouteHelpers.Page(query, 20, 200, "the jobs");
        IQueryable<StoredJob> jobs = store.Set<StoredJob>().AsNoTracking();
        var filter = query["filter"].FirstOrDefault() ?? "mine";
        if (filter == "all")
        {
            if (!user.IsAdmin)
            {
                throw new ForestRequestException(403, ForestErrorNames.Forbidden, "Only administrators see everyone's jobs (filter=all).");
            }
        }
        else if (filter == "mine")
        {
            jobs = jobs.Where(j => j.RequesterId == user.Id || j.ApproverId == user.Id);
        }
        else
        {
            throw new ForestRequestException(400, ForestErrorNames.Validation, $"filter is '{filter}': use mine or all.");
        }

        if (query["status"].FirstOrDefault() is { Length: > 0 } status)
        {
            var statuses = status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (statuses.FirstOrDefault(s => !JobStatus.All.Contains(s)) is { } unknown)
            {
                throw new ForestRequestException(400, ForestErrorNames.Validation, $"status '{unknown}' is not a job status: use {string.Join(", ", JobStatus.All)} (or several, comma-separated).");
            }

            jobs = jobs.Where(j => statuses.Contains(j.Status));
        }

        if (query["action"].FirstOrDefault() is { Length: > 0 } action)
        {
            jobs = jobs.Where(j => j.Action == action);
        }

        var count = await jobs.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await jobs.OrderByDescending(j => j.CreatedAt).Skip(offset).Take(size).Select(Summary).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["data"] = new JsonArray([.. page.Select(j => (JsonNode)Json(j))]), ["meta"] = new JsonObject { ["count"] = count } };
    }

    /// <summary>A job as the list shows it: without its stored request nor its file's bytes.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<StoredJob, StoredJob>> Summary = j => new StoredJob
    {
        Id = j.Id, Collection = j.Collection, Action = j.Action, RequesterId = j.RequesterId, RequesterEmail = j.RequesterEmail,
        ApprovalId = j.ApprovalId, ApproverId = j.ApproverId, ApproverEmail = j.ApproverEmail,
        Status = j.Status, Resumable = j.Resumable, Attempts = j.Attempts, RunBy = j.RunBy, Done = j.Done, Total = j.Total,
        Message = j.Message, CancelledBy = j.CancelledBy, CreatedAt = j.CreatedAt, StartedAt = j.StartedAt, FinishedAt = j.FinishedAt,
        ResultStatus = j.ResultStatus, ResultBody = j.ResultBody, ResultContentType = j.ResultContentType, ResultFileName = j.ResultFileName,
        ResultExpiresAt = j.ResultExpiresAt,
    };

    private static async Task<IResult> GetAsync(HttpContext http, Guid id) =>
        HttpResults.Json(Json(await FindAsync(http, id).ConfigureAwait(false)), ForestRouteHelpers.JsonOptions);

    /// <summary>Cancels a job: a queued one at once, a running one at its next progress write (about a second); the action's token is cancelled.</summary>
    private static async Task<IResult> CancelAsync(HttpContext http, Guid id)
    {
        var job = await FindAsync(http, id).ConfigureAwait(false);
        if (JobStatus.IsFinal(job.Status))
        {
            throw new ForestRequestException(409, "JobAlreadyEndedError", $"The job is {job.Status}: it cannot be cancelled.");
        }

        var (user, store) = Caller(http);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await store.Set<StoredJob>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelledBy, user.Email), http.RequestAborted).ConfigureAwait(false);
        await store.Set<StoredJob>().Where(j => j.Id == id && j.Status == JobStatus.Queued).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.Status, JobStatus.Cancelled).SetProperty(j => j.FinishedAt, now), http.RequestAborted).ConfigureAwait(false);
        if (http.RequestServices.GetRequiredService<ForestModel>().FindAction(job.Collection, job.Action) is { } action)
        {
            await ForestRouteHelpers.RecordActionEventAsync(http, "cancellation", action, $"cancellation of background job {id:N} ({job.Status}) asked", 200).ConfigureAwait(false);
        }
        return await GetAsync(http, id).ConfigureAwait(false);
    }

    /// <summary>The stored result: the file of a download, the HTML of an HTML result, else the action's JSON answer.</summary>
    private static async Task<IResult> ResultAsync(HttpContext http, Guid id)
    {
        var job = await FindAsync(http, id).ConfigureAwait(false);
        if (!JobStatus.IsFinal(job.Status) || job.ResultStatus is null)
        {
            throw new ForestRequestException(404, ForestErrorNames.NotFound, $"The job is {job.Status}: it has no result yet.");
        }

        if (job.ResultExpiresAt is { } expires && expires < http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)
        {
            throw new ForestRequestException(410, "JobResultExpiredError", "The job's result was kept until " + expires.ToString("u", CultureInfo.InvariantCulture) + " and is gone.");
        }

        if (job.ResultFileName is { } name)
        {
            var file = await http.RequestServices.GetRequiredService<JobResults>().ReadAsync(job, http.RequestAborted).ConfigureAwait(false)
                ?? throw new ForestRequestException(410, "JobResultExpiredError", "The job's file is no longer in the result folder.");
            return HttpResults.File(file, job.ResultContentType ?? "application/octet-stream", name);
        }

        if (job.ResultBody is { Length: > 0 } body && JsonNode.Parse(body) is JsonObject answer && answer["html"] is JsonValue html)
        {
            // Sanitised when the action answered; opened on its own, it still may not run anything nor reach anything.
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
            return HttpResults.Content(html.GetValue<string>(), "text/html; charset=utf-8");
        }

        return HttpResults.Content(job.ResultBody ?? "", "application/json; charset=utf-8", Encoding.UTF8, job.ResultStatus);
    }

    /// <summary>Each record's outcome: <c>record_id,outcome,reason</c>, cells made safe for spreadsheets.</summary>
    private static async Task ReportAsync(HttpContext http, Guid id)
    {
        var job = await FindAsync(http, id).ConfigureAwait(false);
        var (_, store) = Caller(http);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"job-{job.Id:N}-report.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync("record_id,outcome,reason\r\n").ConfigureAwait(false);
        await foreach (var record in store.Set<StoredJobRecord>().AsNoTracking().Where(r => r.JobId == id).OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(http.RequestAborted).ConfigureAwait(false))
        {
            await writer.WriteAsync($"{ForestRouteHelpers.CsvCell(record.RecordId)},{(record.Succeeded ? "succeeded" : "failed")},{ForestRouteHelpers.CsvCell(record.Reason)}\r\n").ConfigureAwait(false);
        }
    }

    private static (ForestUser User, ForestStoreContext Store) Caller(HttpContext http) =>
        (ForestRouteHelpers.User(http), http.RequestServices.GetRequiredService<ForestStoreContext>());

    /// <summary>The job, when the caller may see it (theirs, or any for an administrator); else 404, as if it did not exist.</summary>
    private static async Task<StoredJob> FindAsync(HttpContext http, Guid id)
    {
        var (user, store) = Caller(http);
        var job = await store.Set<StoredJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, http.RequestAborted).ConfigureAwait(false);
        return job is not null && (job.RequesterId == user.Id || job.ApproverId == user.Id || user.IsAdmin)
            ? job
            : throw new ForestRequestException(404, ForestErrorNames.NotFound, $"No job {id:N} of yours.");
    }

    private static JsonObject Json(StoredJob job) => new()
    {
        ["id"] = job.Id.ToString("N"),
        ["action"] = job.Action,
        ["collection"] = job.Collection,
        ["status"] = job.Status,
        ["progress"] = new JsonObject { ["done"] = job.Done, ["total"] = job.Total, ["message"] = job.Message },
        ["requester"] = new JsonObject { ["id"] = job.RequesterId, ["email"] = job.RequesterEmail },
        ["approval"] = job.ApprovalId is not { } approval ? null : new JsonObject
        {
            ["id"] = approval.ToString(),
            ["approver"] = new JsonObject { ["id"] = job.ApproverId, ["email"] = job.ApproverEmail },
        },
        ["resumable"] = job.Resumable,
        ["attempts"] = job.Attempts,
        ["runBy"] = job.RunBy,
        ["createdAt"] = ForestRouteHelpers.Iso(job.CreatedAt),
        ["startedAt"] = job.StartedAt is { } started ? ForestRouteHelpers.Iso(started) : null,
        ["finishedAt"] = job.FinishedAt is { } finished ? ForestRouteHelpers.Iso(finished) : null,
        ["cancelledBy"] = job.CancelledBy,
        ["result"] = Result(job),
    };

    private static JsonObject? Result(StoredJob job) => job.ResultStatus is not { } status ? null : new JsonObject
    {
        ["status"] = status,
        ["kind"] = job.ResultFileName is not null ? "file"
            : job.ResultBody is { Length: > 0 } body ? (body.Contains("\"html\"", StringComparison.Ordinal) ? "html" : "json")
            : "expired",
        ["body"] = job.ResultFileName is null && job.ResultBody is { Length: > 0 } json ? TryParse(json) : null,
        ["fileName"] = job.ResultFileName,
        ["expiresAt"] = job.ResultExpiresAt is { } expires ? ForestRouteHelpers.Iso(expires) : null,
    };

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

/// <summary>The jobs add-on's list, for the features that show jobs without owning them (MCP's list_my_jobs).</summary>
internal sealed class JobList : IBackgroundJobList
{
    public bool IsAvailable => true;

    public Task<JsonObject> ListAsync(IServiceProvider services, ForestUser user, IQueryCollection query, CancellationToken cancellationToken) =>
        JobEndpoints.QueryAsync(services.GetRequiredService<ForestStoreContext>(), user, query, cancellationToken);
}
