using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Records;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc;

/// <summary>
/// What the library's own routes use, for the routes an add-on adds under <c>/forest</c>
/// (<see cref="ForestRouteContribution"/>): the signed-in user, the JSON of the Forest routes, their paging, CSV cells
/// safe for spreadsheets, and the security and activity logs.
/// </summary>
public static class ForestRouteHelpers
{
    /// <summary>The JSON options of the Forest routes (web defaults, camelCase).</summary>
    public static JsonSerializerOptions JsonOptions => ForestJson.Options;

    /// <summary>The signed-in user of a route behind the user check (<see cref="ForestRouteContribution.Secured"/>).</summary>
    /// <param name="http">The request.</param>
    /// <returns>The user.</returns>
    /// <exception cref="InvalidOperationException">The route is not behind the user check.</exception>
    public static ForestUser User(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<ForestUser>() ?? throw new InvalidOperationException("This route is not behind Forest's user check: map it with ForestRouteContribution.Secured or .Audited.");
    }

    /// <summary>A UTC date as the Forest routes write it (<c>2026-12-05T09:30:00.000Z</c>).</summary>
    /// <param name="utc">The date (UTC).</param>
    /// <returns>The text.</returns>
    public static string Iso(DateTime utc) => ForestJson.Iso(utc);

    /// <summary>
    /// The page of a list as the library's own lists read it: <c>page[number]</c> (from 1) and <c>page[size]</c>
    /// (<paramref name="defaultSize"/> when absent; over <paramref name="maxSize"/>, a 400 that names <paramref name="what"/>).
    /// </summary>
    /// <param name="query">The query string.</param>
    /// <param name="defaultSize">The size when none is given.</param>
    /// <param name="maxSize">The largest size allowed.</param>
    /// <param name="what">What is listed, for the error ("the jobs").</param>
    /// <returns>The rows to skip and to take.</returns>
    public static (int Offset, int Size) Page(IQueryCollection query, int defaultSize, int maxSize, string what)
    {
        var (list, size) = ListQuery.StoreList(query, defaultSize, maxSize, what);
        return (list.Offset(size), size);
    }

    /// <summary>One CSV cell (RFC 4180), made safe to open in a spreadsheet (no formula runs).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The cell.</returns>
    public static string CsvCell(string? value) => Csv.Cell(value);

    /// <summary>Writes <paramref name="error"/> as the Forest routes write their errors (<c>{"errors": [{status, detail, name}]}</c>, or the fields of invalid values).</summary>
    /// <param name="http">The request.</param>
    /// <param name="error">The error.</param>
    /// <returns>The writing (nothing once the response started).</returns>
    public static Task WriteErrorAsync(HttpContext http, ForestRequestException error) => ForestErrorWriter.WriteAsync(http, error);

    /// <summary>
    /// Whether <paramref name="failure"/> means the database is unavailable or busy (a timeout, a refused
    /// connection, a deadlock…): the call should answer 503 and change nothing, as the library's routes do.
    /// </summary>
    /// <param name="failure">The exception.</param>
    /// <returns>Whether it is a 503.</returns>
    public static bool IsUnavailable(Exception failure) => ExceptionClassifier.IsUnavailable(failure);

    /// <summary>Records a 401 or 403 answered to <paramref name="http"/> as a security event (other statuses are not).</summary>
    /// <param name="http">The request.</param>
    /// <param name="refusal">The refusal.</param>
    /// <returns>The recording.</returns>
    public static Task RecordRefusalAsync(HttpContext http, ForestRequestException refusal) => SecurityEvents.RecordRefusalAsync(http, refusal);

    /// <summary>Writes a line of the activity log about <paramref name="action"/> (e.g. the cancellation of its job).</summary>
    /// <param name="http">The request.</param>
    /// <param name="kind">The line's kind (<c>cancellation</c>…).</param>
    /// <param name="action">The action.</param>
    /// <param name="outcome">What happened.</param>
    /// <param name="status">The status answered.</param>
    /// <returns>The writing.</returns>
    public static Task RecordActionEventAsync(HttpContext http, string kind, ForestActionDescriptor action, string outcome, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        return services.GetRequiredService<Actions.IActionEventLog>().RecordAsync(kind, User(http), services.GetRequiredService<ForestModel>().Of(action), outcome, status);
    }
}
