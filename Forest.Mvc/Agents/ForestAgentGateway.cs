using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Agents;
using Forest.Mvc.Discovery;
using Forest.Mvc.Errors;
using Forest.Mvc.Http;
using Forest.Mvc.Invocation;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc;

/// <summary>
/// How an AI agent's request reaches the application, for an agent protocol add-on (<c>Forest.Mvc.Mcp</c>): it is
/// authenticated once (a personal access token or a session token, and the token's rate limit), then each of its
/// calls goes where the console's would: the records layer for reads (the caller's scopes and every limit), the
/// action's pipeline for actions and their forms (permissions, conditions, approvals, audit), the activity log.
/// A scoped service of the agent's request, registered by <see cref="ForestAgentExtensions.AddAgentGateway"/>.
/// </summary>
public sealed class ForestAgentGateway
{
    private readonly IServiceProvider _services;
    private AgentCaller? _caller;
    private InvocationOrigin? _origin;

    internal ForestAgentGateway(IServiceProvider services) => _services = services;

    /// <summary>The authenticated user (their role, scope and permissions as the store holds them now).</summary>
    /// <exception cref="InvalidOperationException">The request was not authenticated.</exception>
    public ForestUser User => Caller.User;

    /// <summary>How the agent authenticated: <c>session</c>, or <c>pat:&lt;id&gt; (&lt;name&gt;)</c> for a personal access token.</summary>
    public string Token => Caller.Token;

    /// <summary>The address the agent reached the application at (scheme, host and path base), for absolute links.</summary>
    public string OriginUrl => _origin is { } o ? $"{o.Scheme}://{o.Host}{o.PathBase}" : throw NotAuthenticated();

    /// <summary>The request's cancellation.</summary>
    public CancellationToken Aborted { get; private set; }

    private AgentCaller Caller => _caller ?? throw NotAuthenticated();

    /// <summary>
    /// Authenticates the agent's request: a personal access token (<c>fpat_…</c>, the store's), or the API's session
    /// token; then takes one request of the token's rate limit (<c>Forest:Mcp:RateLimit</c>). The user is set on the
    /// request's features, as the library's routes set it.
    /// </summary>
    /// <param name="http">The agent's request.</param>
    /// <param name="source">The protocol, as the activity log names the calls' source (<c>mcp</c>).</param>
    /// <returns>The authentication.</returns>
    /// <exception cref="ForestRequestException">401 for a missing, unknown, revoked or expired token; 429 over the rate limit.</exception>
    public async Task AuthenticateAsync(HttpContext http, string source)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        AgentCaller caller;
        if (!AccessTokens.IsAccessToken(bearer))
        {
            caller = new AgentCaller(await ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false), "session", source);
        }
        else
        {
            if (!_services.GetRequiredService<Storage.IStoreAccess>().IsConfigured)
            {
                throw new ForestRequestException(401, ForestErrorNames.Unauthorized, "Personal access tokens need the library's store (AddStore).");
            }

            var (user, row) = await _services.GetRequiredService<AccessTokens>().AuthenticateAsync(bearer, http.RequestAborted).ConfigureAwait(false);
            caller = new AgentCaller(user, $"pat:{row.Id:N} ({row.Name})", source);
            http.Features.Set(user);
        }

        _caller = caller;
        _origin = InvocationOrigin.Of(http);
        Aborted = http.RequestAborted;
        _services.GetRequiredService<ActionRateLimits>().AcquireAgent(caller.Token == "session" ? "user:" + caller.User.Id : caller.Token);
    }

    /// <summary>The smart actions this user may see and trigger (or request an approval for).</summary>
    /// <returns>The actions, in the model's order.</returns>
    public async Task<IReadOnlyList<ForestActionDescriptor>> ActionsAsync()
    {
        var model = _services.GetRequiredService<ForestModel>();
        var access = _services.GetRequiredService<AccessControl>();
        var rules = await access.LoadAsync(User, null, Aborted).ConfigureAwait(false);
        return [.. _services.GetRequiredService<ForestRegistry>().Actions.Where(a => access.MayShow(rules, a)).Select(model.Of)];
    }

    /// <summary>
    /// Calls an action (or its load hook, for <see cref="ForestAgentActionCall.FormOnly"/>) as the agent, in a scope of
    /// its own, through the action's pipeline: the same stages, MVC filters and audit as a call of its route.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <returns>What the route would have answered.</returns>
    public async Task<SmartActionRunResult> InvokeAsync(ForestAgentActionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var action = _services.GetRequiredService<ForestModel>().Of(call.Action);
        var request = SmartActionRequest.FromArguments(action, call.Ids, call.FormOnly ? default : call.Values, call.FormOnly ? null : call.Filter);
        await using var scope = _services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var invocation = new SmartActionInvocation
        {
            Action = action,
            Source = new InvocationSource(Caller.Source) { CountsAgainstRateLimit = true, MayRequestApproval = true, MayQueue = true },
            Services = scope.ServiceProvider,
            User = User,
            Request = call.FormOnly ? Forms.FormHookRequest.For(request) : request,
            TimeZone = TimeZoneInfo.Utc,
            CancellationToken = Aborted,
            Agent = new InvocationAgent(Caller.Source, Token, call.Tool),
            Hook = call.FormOnly ? Forms.HookKind.Load : null,
        };
        var answer = await scope.ServiceProvider.GetRequiredService<SmartActionInvoker>().InvokeAsync(invocation, _origin).ConfigureAwait(false);
        return new SmartActionRunResult(answer.Status, answer.ContentType, answer.ContentDisposition, answer.Body);
    }

    /// <summary>
    /// A page of the records of <paramref name="collection"/> this user may see, read as <c>GET /forest/{collection}</c>
    /// reads it (<c>filters</c>, <c>search</c>, <c>segment</c>, <c>sort</c>, <c>page[number]</c>, <c>page[size]</c>), as plain rows.
    /// </summary>
    /// <param name="collection">The collection's name.</param>
    /// <param name="parameters">The read's parameters, as the route's query string.</param>
    /// <returns>The rows: the fields, and each reference as its id.</returns>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string collection, IQueryCollection parameters)
    {
        var page = await _services.GetRequiredService<RecordReads>().ListAsync(User, collection, null, parameters, Aborted).ConfigureAwait(false);
        return [.. page.Records.Select(r => JsonApiWriter.Row(page.Collection, r.Record))];
    }

    /// <summary>How many records of <paramref name="collection"/> this user may see match <paramref name="parameters"/>.</summary>
    /// <param name="collection">The collection's name.</param>
    /// <param name="parameters">The read's parameters (<c>filters</c>, <c>search</c>, <c>segment</c>).</param>
    /// <returns>The count.</returns>
    public Task<int> CountAsync(string collection, IQueryCollection parameters) =>
        _services.GetRequiredService<RecordReads>().CountAsync(User, collection, null, parameters, Aborted);

    /// <summary>One record, if this user may see it (else a 404 <see cref="ForestRequestException"/>).</summary>
    /// <param name="collection">The collection's name.</param>
    /// <param name="id">The record's id.</param>
    /// <returns>The row.</returns>
    public async Task<JsonObject> GetAsync(string collection, string id)
    {
        var page = await _services.GetRequiredService<RecordReads>().GetAsync(User, collection, id, QueryCollection.Empty, Aborted).ConfigureAwait(false);
        return JsonApiWriter.Row(page.Collection, page.Records[0].Record);
    }

    /// <summary>A collection as the schema (<c>.forestadmin-schema.json</c>) describes it; a 404 naming the collections when there is none.</summary>
    /// <param name="collection">The collection's name.</param>
    /// <returns>Its schema entry (a copy).</returns>
    public JsonObject Schema(string collection)
    {
        var registry = _services.GetRequiredService<ForestRegistry>();
        if (registry.FindCollection(collection) is null)
        {
            throw new ForestRequestException(404, ForestErrorNames.NotFound, $"'{collection}' is not a collection (known: {string.Join(", ", registry.Collections.Select(c => c.Name))}).");
        }

        using var schema = JsonDocument.Parse(_services.GetRequiredService<SchemaDocument>().Bytes);
        var entry = schema.RootElement.GetProperty("collections").EnumerateArray().First(c => c.GetProperty("name").GetString() == collection);
        return JsonNode.Parse(entry.GetRawText())!.AsObject();
    }

    /// <summary>An approval request as <c>GET /forest/approvals/{id}</c> answers it, if this user may see it (else 404).</summary>
    /// <param name="id">The request's id.</param>
    /// <returns>The request.</returns>
    public Task<JsonObject> ApprovalAsync(Guid id) => Approvals.ApprovalEndpoints.VisibleAsync(_services, User, id, Aborted);

    /// <summary>
    /// Writes one line of the activity log for a call that did not reach an action's pipeline (a read, or an action
    /// call refused before it: the pipeline writes its own), of kind <c>&lt;source&gt;_call</c>.
    /// </summary>
    /// <param name="tool">The tool called.</param>
    /// <param name="outcome">What it answered.</param>
    /// <param name="status">The status it stands for.</param>
    /// <returns>The writing.</returns>
    public Task RecordCallAsync(string tool, string outcome, int status) =>
        _services.GetRequiredService<Activity.ActivityLog>().RecordSecurityAsync(
            Caller.Source + "_call", User.Id, User.Email, tool, outcome, status, new InvocationAgent(Caller.Source, Token, tool));

    /// <summary>Keeps a file too large to answer inline, for this user, until <paramref name="lifetime"/> passes; null without a store.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="content">Its bytes.</param>
    /// <param name="lifetime">How long it is kept.</param>
    /// <returns>The file's id, or <see langword="null"/> when there is no store to keep it.</returns>
    public Task<Guid?> KeepFileAsync(string name, string contentType, ReadOnlyMemory<byte> content, TimeSpan lifetime) =>
        AgentFiles.KeepAsync(_services, User.Id, name, contentType, content, lifetime, Aborted);

    /// <summary>A file this user kept, before it expires; <see langword="null"/> otherwise.</summary>
    /// <param name="id">The file's id.</param>
    /// <returns>The file.</returns>
    public Task<ForestAgentFile?> FindFileAsync(Guid id) => AgentFiles.FindAsync(_services, User.Id, id, Aborted);

    private static InvalidOperationException NotAuthenticated() => new("The agent's request was not authenticated (call AuthenticateAsync first).");

    private sealed record AgentCaller(ForestUser User, string Token, string Source);
}

/// <summary>A call of a smart action by an agent: the action, the selection and the form's values as the tool's arguments give them.</summary>
public sealed class ForestAgentActionCall
{
    /// <summary>The action.</summary>
    public required ForestActionDescriptor Action { get; init; }

    /// <summary>The tool the agent called, for the activity log.</summary>
    public string? Tool { get; init; }

    /// <summary>The ids of the selected records (a JSON array of strings or numbers); undefined for none.</summary>
    public JsonElement Ids { get; init; }

    /// <summary>The form's values (a JSON object keyed by field); undefined for none.</summary>
    public JsonElement Values { get; init; }

    /// <summary>Instead of ids, every record matching this condition tree (select-all of a bulk action).</summary>
    public JsonObject? Filter { get; init; }

    /// <summary>Whether to load the form (the action's load hook) for the selection instead of running the action.</summary>
    public bool FormOnly { get; init; }
}

/// <summary>A file kept for an agent (<see cref="ForestAgentGateway.KeepFileAsync"/>).</summary>
public sealed class ForestAgentFile
{
    internal ForestAgentFile(string name, string contentType, byte[] content)
    {
        Name = name;
        ContentType = contentType;
        Content = content;
    }

    /// <summary>Its name.</summary>
    public string Name { get; }

    /// <summary>Its media type.</summary>
    public string ContentType { get; }

    /// <summary>Its bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }
}
