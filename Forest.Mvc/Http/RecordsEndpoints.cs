using System.Text.Json;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Forest.Mvc.Discovery;
using Forest.Mvc.Records;

namespace Forest.Mvc.Http;

/// <summary>
/// The read routes: <c>GET /forest/{collection}</c>, <c>/count</c>, <c>/{id}</c> and
/// <c>/{id}/relationships/{association}</c> (+ <c>/count</c>), with the same filter engine as selections.
/// </summary>
internal static class RecordsEndpoints
{
    /// <summary>GET, and HEAD (the same answer without its body: same checks, status and headers).</summary>
    private static readonly string[] Read = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(RouteGroupBuilder group)
    {
        var reads = group.MapGroup("").AddEndpointFilter(WithoutBodyOnHead);
        reads.MapMethods("/{collection}", Read, (HttpContext http, string collection) => ListAsync(http, collection, null));
        reads.MapMethods("/{collection}/count", Read, (HttpContext http, string collection) => CountAsync(http, collection, null));
        reads.MapMethods("/{collection}/{id}", Read, GetAsync);
        reads.MapMethods("/{collection}/{id}/relationships/{association}", Read, (HttpContext http, string collection, string id, string association) =>
            ListAsync(http, collection, (id, association)));
        reads.MapMethods("/{collection}/{id}/relationships/{association}/count", Read, (HttpContext http, string collection, string id, string association) =>
            CountAsync(http, collection, (id, association)));
    }

    /// <summary>HEAD runs the GET (same checks, status and headers), and its body goes nowhere, whatever the server.</summary>
    private static ValueTask<object?> WithoutBodyOnHead(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            context.HttpContext.Response.Body = Stream.Null;
        }

        return next(context);
    }

    private static async Task<IResult> ListAsync(HttpContext http, string collection, (string Id, string Association)? parent)
    {
        var page = await Reads(http).ListAsync(http.Features.Get<ForestUser>()!, collection, parent, http.Request.Query, http.RequestAborted).ConfigureAwait(false);
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        return Json(writer => JsonApiWriter.WriteList(writer, registry, page.Collection, page.Records, page.References, page.Fields), page.Records.Count);
    }

    private static async Task<IResult> CountAsync(HttpContext http, string collection, (string Id, string Association)? parent)
    {
        var count = await Reads(http).CountAsync(http.Features.Get<ForestUser>()!, collection, parent, http.Request.Query, http.RequestAborted).ConfigureAwait(false);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", count);
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string collection, string id)
    {
        var page = await Reads(http).GetAsync(http.Features.Get<ForestUser>()!, collection, id, http.Request.Query, http.RequestAborted).ConfigureAwait(false);
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        return Json(writer => JsonApiWriter.WriteSingle(writer, registry, page.Collection, page.Records[0], page.References, page.Fields));
    }

    private static RecordReads Reads(HttpContext http) => http.RequestServices.GetRequiredService<RecordReads>();

    /// <summary>Serialises into a pooled buffer (one page at most, about 1 KB a record), then sends the bytes asynchronously.</summary>
    private static PooledJsonResult Json(Action<Utf8JsonWriter> write, int records = 1) => new(write, 1024 + (records * 1024));
}
