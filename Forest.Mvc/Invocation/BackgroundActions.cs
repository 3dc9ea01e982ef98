using System.Text.Json.Nodes;

namespace Forest.Mvc;

/// <summary>
/// Where a background action's call goes once every check passed: the background jobs add-on
/// (<c>Forest.Mvc.Jobs</c>, <c>AddBackgroundJobs()</c>) stores it and schedules its run. Without the add-on, an action
/// declared with <c>Background = true</c> stops the startup, so no call reaches a missing queue.
/// </summary>
public interface IBackgroundActionScheduler
{
    /// <summary>Stores the checked call as a job and schedules it; refuses with a <see cref="ForestRequestException"/> (e.g. 429).</summary>
    /// <param name="request">The checked call.</param>
    /// <param name="services">The call's services.</param>
    /// <param name="cancellationToken">Cancels the storing.</param>
    /// <returns>The job.</returns>
    Task<BackgroundJobTicket> ScheduleAsync(BackgroundActionRequest request, IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>A stored job, as the call that queued it answers it.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Status">Its status (<c>queued</c>).</param>
public sealed record BackgroundJobTicket(Guid Id, string Status);

/// <summary>A background action's call that passed every check (token, scope, permission, conditions, approval, values, audit).</summary>
public sealed class BackgroundActionRequest
{
    internal BackgroundActionRequest(ForestActionDescriptor action, ForestUser user, string ownerId, string ownerEmail, Guid? approvalId, string body, string timeZone, long? knownTotal)
    {
        Action = action;
        User = user;
        OwnerId = ownerId;
        OwnerEmail = ownerEmail;
        ApprovalId = approvalId;
        Body = body;
        TimeZone = timeZone;
        KnownTotal = knownTotal;
    }

    /// <summary>The action.</summary>
    public ForestActionDescriptor Action { get; }

    /// <summary>The user the job runs as: the caller, or the approver of an approved request.</summary>
    public ForestUser User { get; }

    /// <summary>The id of the user the job belongs to: the caller, or who asked for an approved request.</summary>
    public string OwnerId { get; }

    /// <summary>Their email.</summary>
    public string OwnerEmail { get; }

    /// <summary>The approval request the job runs, when the action needed one.</summary>
    public Guid? ApprovalId { get; }

    /// <summary>The JSON:API body the run replays (a select-all already turned into its ids when they are few enough).</summary>
    public string Body { get; }

    /// <summary>The caller's time zone (IANA id).</summary>
    public string TimeZone { get; }

    /// <summary>How many records the call selected, when known.</summary>
    public long? KnownTotal { get; }
}

/// <summary>Runs a stored background call through the pipeline, as the job's user; the jobs add-on calls it from its scheduler.</summary>
public interface IBackgroundActionRunner
{
    /// <summary>
    /// Runs <paramref name="run"/>: the same stages as the route (the trigger was decided when the call was queued;
    /// the user is read again from the store), the application's MVC filters, the method and its result.
    /// </summary>
    /// <param name="run">The stored call.</param>
    /// <param name="cancellationToken">Cancels the action (its token).</param>
    /// <returns>What the action answered.</returns>
    Task<SmartActionRunResult> RunAsync(BackgroundActionRun run, CancellationToken cancellationToken);
}

/// <summary>A stored background call to run.</summary>
public sealed class BackgroundActionRun
{
    /// <summary>The action.</summary>
    public required ForestActionDescriptor Action { get; init; }

    /// <summary>The user it runs as.</summary>
    public required ForestUser User { get; init; }

    /// <summary>The JSON:API body stored when it was queued.</summary>
    public required string Body { get; init; }

    /// <summary>The caller's time zone (IANA id).</summary>
    public required string TimeZone { get; init; }

    /// <summary>The approval request it runs, if any (the action reads it as its approval).</summary>
    public Guid? ApprovalId { get; init; }

    /// <summary>The job's progress reporter (<see cref="JobProgress.ForJob"/>).</summary>
    public required JobProgress Progress { get; init; }

    /// <summary>The services of the run's scope.</summary>
    public required IServiceProvider Services { get; init; }
}

/// <summary>What an action answered to a run without a route: status, media type, file name and body.</summary>
public sealed class SmartActionRunResult
{
    internal SmartActionRunResult(int status, string? contentType, string contentDisposition, byte[] body)
    {
        Status = status;
        ContentType = contentType;
        ContentDisposition = contentDisposition;
        Body = body;
    }

    /// <summary>The HTTP status the route would have answered.</summary>
    public int Status { get; }

    /// <summary>The body's media type.</summary>
    public string? ContentType { get; }

    /// <summary>The <c>Content-Disposition</c> of a file result, else empty.</summary>
    public string ContentDisposition { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body.Span);

    /// <summary>The file name of a file result (from <see cref="ContentDisposition"/>), or <paramref name="fallback"/>.</summary>
    /// <param name="fallback">The name when none is given.</param>
    /// <returns>The name.</returns>
    public string FileName(string fallback) => DownloadName.Of(ContentDisposition, fallback);
}

/// <summary>The background jobs a user may list, for features that show jobs without owning them (MCP's <c>list_my_jobs</c>).</summary>
public interface IBackgroundJobList
{
    /// <summary>Whether background jobs exist in this application (the jobs add-on is registered).</summary>
    bool IsAvailable { get; }

    /// <summary>The jobs <paramref name="user"/> may list, as <c>GET /forest/jobs</c> answers them for <paramref name="query"/>.</summary>
    /// <param name="services">The request's services.</param>
    /// <param name="user">The caller.</param>
    /// <param name="query">The list's parameters (<c>filter</c>, <c>status</c>, <c>action</c>, <c>page[…]</c>).</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns><c>{"data": [...], "meta": {"count"}}</c>.</returns>
    Task<JsonObject> ListAsync(IServiceProvider services, ForestUser user, Microsoft.AspNetCore.Http.IQueryCollection query, CancellationToken cancellationToken);
}
