using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Invocation;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Activity;

/// <summary>The kinds of activity lines.</summary>
internal static class ActivityKind
{
    public const string Trigger = "trigger";
    public const string Denied = "denied";
    public const string ApprovalRequest = "approval_request";
    public const string Approval = "approval";
    public const string Rejection = "rejection";
    public const string Execution = "execution";
    public const string Cancellation = "cancellation";
    public const string TokenCreated = "token_created";
    public const string TokenRevoked = "token_revoked";
    public const string McpCall = "mcp_call";
    public const string LoginFailed = SecurityEvents.LoginFailed;
    public const string Lockout = SecurityEvents.Lockout;
    public const string Unauthorized = SecurityEvents.Unauthorized;
    public const string Forbidden = SecurityEvents.Forbidden;

    /// <summary>The security kinds, selected together by the filter <c>kind=security</c>.</summary>
    public static readonly string[] Security = [LoginFailed, Lockout, Unauthorized, Forbidden];
}

/// <summary>Writes the activity log (when a store is configured): who did what, on which records, with which values and outcome.</summary>
internal sealed class ActivityLog(IActivitySink sink, TimeProvider time) : ISecurityLog, Actions.IActionEventLog
{
    private const int MaxIdsKept = 100;

    /// <summary>The longest text kept of one value; longer ones are cut and marked.</summary>
    internal const int MaxValueChars = 500;

    /// <summary>The longest JSON kept of the values of one entry; beyond it only the field names are kept.</summary>
    internal const int MaxValuesChars = 8_000;

    /// <summary>The outcome of an entry written before its action runs, until the action's answer confirms it.</summary>
    public const string Running = "running";

    /// <summary>Queues an entry (written in a batch soon after; see <see cref="ActivityWriter"/>).</summary>
    Task Actions.IActionEventLog.RecordAsync(string kind, ForestUser user, SmartActionDescriptor action, string outcome, int status) =>
        RecordAsync(kind, user, action, null, outcome, status);

    public Task RecordAsync(string kind, ForestUser? user, SmartActionDescriptor action, SmartActionRequest? request, string outcome, int? status = null, double? durationMs = null, Guid? approvalId = null, InvocationAgent? agent = null) =>
        sink.Writes
            ? sink.InsertAsync(Entry(kind, user, action, request, outcome, status, durationMs, approvalId, agent), awaitCommit: false)
            : Task.CompletedTask;

    /// <summary>
    /// Queues a security event (failed login, lockout, 401 or 403 on a management or hook route). It never fails the
    /// request: an entry that cannot be written now is retried.
    /// </summary>
    public Task RecordSecurityAsync(string kind, string? userId, string? email, string route, string outcome, int status, InvocationAgent? agent = null)
    {
        if (!sink.Writes)
        {
            return Task.CompletedTask;
        }

        return sink.InsertAsync(
            FromAgent(new StoredActivity
            {
                At = time.GetUtcNow().UtcDateTime,
                Kind = kind,
                UserId = userId,
                UserEmail = email is { Length: > 320 } ? email[..320] : email,
                Action = route.Length > 200 ? route[..200] : route,
                Outcome = Shorten(outcome),
                Status = status,
                TraceId = CurrentTraceId,
            }, agent),
            awaitCommit: false);
    }

    /// <inheritdoc/>
    Task ISecurityLog.RecordAsync(string kind, string? userId, string? email, string route, string outcome, int status) =>
        RecordSecurityAsync(kind, userId, email, route, outcome, status);

    /// <summary>
    /// Writes the entry of an action about to run, with the outcome <see cref="Running"/>; it throws when the store
    /// cannot be written, and then the action must not run. <see cref="CompleteAsync"/> confirms it.
    /// </summary>
    public async Task<StoredActivity?> BeginAsync(string kind, ForestUser user, SmartActionDescriptor action, SmartActionRequest request, Guid? approvalId, InvocationAgent? agent)
    {
        if (!sink.Writes)
        {
            return null;
        }

        var entry = Entry(kind, user, action, request, Running, null, null, approvalId, agent);
        await sink.InsertAsync(entry, awaitCommit: true).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Confirms an entry written by <see cref="BeginAsync"/> with the action's answer.</summary>
    public Task CompleteAsync(StoredActivity? entry, string outcome, int status, double durationMs)
    {
        if (entry is null || !sink.Writes)
        {
            return Task.CompletedTask;
        }

        entry.Outcome = Shorten(outcome);
        entry.Status = status;
        entry.DurationMs = durationMs;
        return sink.ConfirmAsync(entry);
    }

    private StoredActivity Entry(string kind, ForestUser? user, SmartActionDescriptor action, SmartActionRequest? request, string outcome, int? status, double? durationMs, Guid? approvalId, InvocationAgent? agent) =>
        FromAgent(new StoredActivity
        {
            At = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            UserId = user?.Id,
            UserEmail = user?.Email,
            Collection = action.Collection,
            Action = action.Name,
            RecordIds = request is null ? null : JsonSerializer.Serialize(request.Ids.Take(MaxIdsKept)),
            AllRecords = request?.AllRecords ?? false,
            Values = request is null ? null : ShownValues(action, request.Values),
            Outcome = Shorten(outcome),
            Status = status,
            DurationMs = durationMs,
            ApprovalId = approvalId,
            TraceId = CurrentTraceId,
        }, agent);

    /// <summary>Marks a line of an AI agent's call: its source (<c>mcp</c>), the tool and the token.</summary>
    private static StoredActivity FromAgent(StoredActivity entry, InvocationAgent? agent)
    {
        if (agent is not null)
        {
            entry.Source = agent.Source;
            entry.Tool = agent.Tool;
            entry.Token = agent.Token;
        }

        return entry;
    }

    /// <summary>The trace of the running request, when something listens to traces (OpenTelemetry, a test listener…).</summary>
    private static string? CurrentTraceId => System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } current ? current.TraceId.ToHexString() : null;

    private static string Shorten(string outcome) => outcome.Length > 500 ? outcome[..500] : outcome;

    /// <summary>The values as they may be shown: redacted fields hidden, files reduced to their names.</summary>
    public static string ShownValues(SmartActionDescriptor action, JsonElement values)
    {
        var shown = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (values.ValueKind != JsonValueKind.Object)
        {
            return "{}";
        }

        foreach (var property in values.EnumerateObject())
        {
            var field = action.Fields.FirstOrDefault(f => f.Field == property.Name);
            shown[property.Name] = field switch
            {
                { Redact: true } => "***",
                { Type: FieldType.File } => FileNames(property.Value),
                _ => Capped(property.Value),
            };
        }

        var json = JsonSerializer.Serialize(shown);
        return json.Length <= MaxValuesChars
            ? json
            : JsonSerializer.Serialize(shown.Keys.Take(100).ToDictionary(k => k, _ => (object?)$"(not kept: the values were {json.Length} characters, more than the {MaxValuesChars} the activity log keeps)"));
    }

    /// <summary>A value as kept: texts cut at <see cref="MaxValueChars"/>, anything else kept while its JSON is short enough.</summary>
    private static object? Capped(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            return text.Length <= MaxValueChars ? text : $"{text[..MaxValueChars]}… (cut: {text.Length} characters)";
        }

        var raw = value.GetRawText();
        return raw.Length <= MaxValueChars ? value.Clone() : $"(not kept: {raw.Length} characters of JSON)";
    }

    private static object FileNames(JsonElement value)
    {
        static string Name(JsonElement file)
        {
            var text = file.ValueKind == JsonValueKind.String ? file.GetString() ?? "" : "";
            var marker = text.IndexOf(";name=", StringComparison.Ordinal);
            if (marker < 0)
            {
                return "(file)";
            }

            var end = text.IndexOfAny([';', ','], marker + 6);
            return "(file) " + Uri.UnescapeDataString(end < 0 ? text[(marker + 6)..] : text[(marker + 6)..end]);
        }

        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(Name).ToList() : Name(value);
    }
}
