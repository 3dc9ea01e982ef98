using Forest.Mvc.Records;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Forest.Mvc.Actions;

namespace Forest.Mvc;

/// <summary>
/// The base of a controller holding the smart actions of one collection. Each public method must be a
/// <see cref="SmartActionAttribute"/> action (or <c>[NonAction]</c>); discovery gives it its route, authentication
/// and request pipeline, so the method only holds the business logic.
/// </summary>
/// <typeparam name="TEntity">The EF Core entity of the collection.</typeparam>
/// <example>
/// <code>
/// public sealed class CompaniesController(LiveDemoContext db) : SmartActionsController&lt;Company&gt;
/// {
///     [SmartAction("Mark as Live", Type = ActionType.Single)]
///     public async Task&lt;IActionResult&gt; MarkAsLive(CancellationToken ct)
///     {
///         var company = await Selection.SingleAsync(ct);
///         if (company.Status == "live") return Error("The company was already live!");
///         company.Status = "live";
///         await db.SaveChangesAsync(ct);
///         return Success("Company is now live!");
///     }
/// }
/// </code>
/// </example>
[Controller]
public abstract class SmartActionsController<TEntity> : Actions.ISmartActionsController<TEntity>
    where TEntity : class
{
    /// <summary>Set by MVC when the controller is created.</summary>
    [ControllerContext]
    public ControllerContext ControllerContext { get; set; } = null!;

    /// <summary>The HTTP context of the call.</summary>
    protected HttpContext HttpContext => ControllerContext.HttpContext;

    /// <summary>The selected records, as a query.</summary>
    protected RecordsSelection<TEntity> Selection => (RecordsSelection<TEntity>)Execution.Selection;

    /// <summary>The authenticated user who triggered the action.</summary>
    protected ForestUser CurrentUser => Execution.User;

    /// <summary>The form values, checked against the declared fields.</summary>
    protected SmartActionValues Values => Execution.Values;

    /// <summary>When the action runs because its approval request was approved: the requester and the request (the approver is <see cref="CurrentUser"/>).</summary>
    protected ApprovalInfo? Approval => Execution.Approval;

    /// <summary>The user's time zone (the <c>timezone</c> query parameter; UTC when absent).</summary>
    protected TimeZoneInfo TimeZone => Execution.TimeZone;

    /// <summary>
    /// The progress of a background action's job (<c>Background = true</c>): total, done, a message and each record's
    /// outcome. In an action that runs in its request, every call does nothing.
    /// </summary>
    protected JobProgress Progress => Execution.Progress;

    private Invocation.SmartActionInvocation Execution => Invocation.SmartActionInvocation.Get(HttpContext);

    /// <summary>The MVC action of the form hook routes of this controller's actions (see <c>FormHookModels</c>): runs the hook the call asks for.</summary>
    internal Task<IActionResult> RunFormHookAsync() => Invocation.FormHooks.RunAsync(this, Execution);

    /// <summary>204: the default success notification.</summary>
    /// <returns>The result.</returns>
    protected DefaultActionResult Done() => DefaultActionResult.Instance;

    /// <summary>200 <c>{"success": message}</c>: a custom success notification.</summary>
    /// <param name="message">The text shown.</param>
    /// <returns>The result; chain <see cref="SuccessActionResult.Refresh"/> to reload related data.</returns>
    protected SuccessActionResult Success(string message) => new(message, [], null);

    /// <summary>400 <c>{"error": message}</c>: an error notification.</summary>
    /// <param name="message">The text shown.</param>
    /// <returns>The result.</returns>
    protected ErrorActionResult Error(string message) => new(message);

    /// <summary><c>{"html": …}</c>: an HTML result panel, 200, or 400 when <paramref name="error"/> (the user can go back to the form).</summary>
    /// <param name="html">The HTML shown; it is sanitised by the console.</param>
    /// <param name="error">Whether the panel reports an error.</param>
    /// <returns>The result.</returns>
    protected HtmlActionResult Html(string html, bool error = false) => new(html, error);

    /// <summary>200 <c>{"webhook": …}</c>: the user's browser calls <paramref name="url"/>.</summary>
    /// <param name="url">An absolute http/https URL.</param>
    /// <param name="method">GET, POST (default), PUT, PATCH or DELETE.</param>
    /// <param name="headers">Headers of the call.</param>
    /// <param name="body">A JSON body.</param>
    /// <returns>The result.</returns>
    protected WebhookActionResult Webhook(string url, string method = "POST", IReadOnlyDictionary<string, string>? headers = null, object? body = null) =>
        new(url, method, headers ?? new Dictionary<string, string>(), body);

    /// <summary>200 <c>{"success", "redirectTo"}</c>: a relative path navigates in the console, an http/https URL opens a new tab.</summary>
    /// <param name="to">A path starting with <c>/</c>, or an absolute http/https URL; anything else is refused with a clear error.</param>
    /// <param name="message">The notification shown.</param>
    /// <returns>The result.</returns>
    protected SuccessActionResult Redirect(string to, string message = "Success") => new(message, [], to);

    /// <summary>200 <c>{"success", "refresh": {"relationships": [...]}}</c>: reloads related-data lists.</summary>
    /// <param name="relationships">Association names of the current record.</param>
    /// <returns>The result.</returns>
    protected SuccessActionResult Refresh(params string[] relationships) => new("Success", relationships, null);

    /// <summary>A file download (the action must be declared with <c>Download = true</c>).</summary>
    /// <param name="content">The content; disposed once sent.</param>
    /// <param name="fileName">The name the browser saves the file under.</param>
    /// <param name="contentType">The media type.</param>
    /// <returns>The result.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ by their first parameter's type, never ambiguous.")]
    protected FileActionResult File(Stream content, string fileName, string contentType = "application/octet-stream") =>
        new(content, fileName, contentType);

    /// <summary>A file download (the action must be declared with <c>Download = true</c>).</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="fileName">The name the browser saves the file under.</param>
    /// <param name="contentType">The media type.</param>
    /// <returns>The result.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ by their first parameter's type, never ambiguous.")]
    protected FileActionResult File(byte[] content, string fileName, string contentType = "application/octet-stream") =>
        new(new MemoryStream(content, writable: false), fileName, contentType);
}
