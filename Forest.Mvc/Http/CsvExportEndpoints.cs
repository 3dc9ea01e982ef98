using System.Text;
using Forest.Mvc.Errors;
using Forest.Mvc.Permissions;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Forest.Mvc.Discovery;
using Forest.Mvc.Records;

namespace Forest.Mvc.Http;

/// <summary>
/// <c>GET /forest/&lt;collection&gt;.csv</c>: the records of the list query (<c>filters</c>, <c>search</c>,
/// <c>segment</c>, <c>sort</c>, <c>fields[…]</c>, within the caller's scope), streamed as CSV row by row, with
/// <c>header</c> (the column titles) and <c>filename</c>. Needs the role's <c>export</c> permission. Being a
/// browser navigation, it accepts the session cookie like every GET.
/// </summary>
internal static class CsvExportEndpoints
{
    private const int FlushEveryRows = 500;

    public static void Map(RouteGroupBuilder group) => group.MapMethods("/{collection}.csv", [HttpMethods.Get, HttpMethods.Head], ExportAsync);

    private static async Task ExportAsync(HttpContext http, string collection)
    {
        var services = http.RequestServices;
        var registry = services.GetRequiredService<ForestRegistry>();
        var descriptor = registry.FindCollection(collection) ?? throw ForestRequestException.NotFound($"'{collection}' is not a collection.");
        var resolver = services.GetRequiredService<Permissions.SelectionResolver>();
        var user = http.Features.Get<ForestUser>()!;
        var caller = await resolver.CallerAsync(user, descriptor.Name, http.RequestAborted).ConfigureAwait(false);
        services.GetRequiredService<AccessControl>().EnsureMayExport(caller.Rules, user, descriptor.Name);

        var query = await http.RequestServices.GetRequiredService<RecordReads>().QueryAsync(http.Request.Query, caller.Scopes, http.RequestAborted).ConfigureAwait(false);
        var fields = FieldsProjection.FromQuery(http.Request.Query);
        var columns = Columns(descriptor, fields);
        var header = Header(http.Request.Query["header"].FirstOrDefault(), columns);
        var fileName = FileName(http.Request.Query["filename"].FirstOrDefault(), descriptor.Name);

        var records = services.GetRequiredService<RecordsService>().For(descriptor)
            .StreamAsync(resolver.Db, query, caller.Scopes.Of(descriptor.Name), http.RequestAborted)
            .GetAsyncEnumerator(http.RequestAborted);
        await using (records.ConfigureAwait(false))
        {
            // The first row is read before anything is written, so a filter the database refuses is still a 400.
            var any = await Untranslatable.GuardAsync(() => records.MoveNextAsync().AsTask()).ConfigureAwait(false);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = FileActionResult.ContentDisposition(fileName);
            http.Response.Headers.AccessControlExposeHeaders = "Content-Disposition";
            if (HttpMethods.IsHead(http.Request.Method))
            {
                return;
            }

            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
            await writer.WriteAsync(string.Join(',', header.Select(Csv.Cell)) + "\r\n").ConfigureAwait(false);
            for (var rows = 0; any; any = await records.MoveNextAsync().ConfigureAwait(false))
            {
                var record = records.Current;
                await writer.WriteAsync(string.Join(',', columns.Select(c => Csv.Cell(Csv.Text(c.Value(record))))) + "\r\n").ConfigureAwait(false);
                if (++rows % FlushEveryRows == 0)
                {
                    await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The exported columns: those <c>fields[&lt;collection&gt;]</c> lists (fields and references, whose id is
    /// exported), in its order; by default every field, then every reference, in schema order.
    /// </summary>
    private static List<(string Name, Func<object, object?> Value)> Columns(CollectionDescriptor collection, FieldsProjection fields)
    {
        var all = collection.Fields.Select(f => (Name: f.Name, Value: f.Getter))
            .Concat(collection.Relationships.Where(r => r.ForeignKeyGetter is not null).Select(r => (Name: r.Name, Value: r.ForeignKeyGetter!)))
            .ToList();
        if (fields.Listed(collection.Name) is not { } listed)
        {
            return all;
        }

        return [.. listed.Select(name => all.FirstOrDefault(c => c.Name == name) is { Value: not null } column
            ? column
            : throw ForestRequestException.BadRequest($"fields[{collection.Name}]: '{name}' is not a field or a reference of '{collection.Name}'."))];
    }

    /// <summary>The column titles: <c>header</c> (comma-separated, one per column) or the field names.</summary>
    private static List<string> Header(string? header, List<(string Name, Func<object, object?> Value)> columns)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [.. columns.Select(c => c.Name)];
        }

        var titles = header.Split(',').Select(t => t.Trim()).ToList();
        return titles.Count == columns.Count
            ? titles
            : throw ForestRequestException.BadRequest($"header names {titles.Count} columns, and the export has {columns.Count} ({string.Join(", ", columns.Select(c => c.Name))}).");
    }

    /// <summary>The file name: <c>filename</c> made safe (no path, quote or control character), ending in <c>.csv</c>.</summary>
    private static string FileName(string? requested, string collection)
    {
        var name = FileActionResult.SafeFileName(string.IsNullOrWhiteSpace(requested) ? collection : requested.Length > 200 ? requested[..200] : requested);
        return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name : name + ".csv";
    }
}
