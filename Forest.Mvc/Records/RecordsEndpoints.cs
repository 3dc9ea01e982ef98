using System.Buffers;
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

using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Forest.Mvc.Records;

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

    /// <summary>The list of a collection, for a request made inside the library (the MCP server's read tools).</summary>
    internal static Task<IResult> ListForAsync(HttpContext http, string collection) => ListAsync(http, collection, null);

    internal static Task<IResult> CountForAsync(HttpContext http, string collection) => CountAsync(http, collection, null);

    internal static Task<IResult> GetForAsync(HttpContext http, string collection, string id) => GetAsync(http, collection, id);

    /// <summary>HEAD runs the GET (same checks, status and headers), and its body goes nowhere, whatever the server.</summary>
    private static ValueTask<object?> WithoutBodyOnHead(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            context.HttpContext.Response.Body = Stream.Null;
        }

        return next(context);
    }

    private static async Task<IResult> ListAsync(HttpContext http, string collectionName, (string Id, string Association)? parent)
    {
        var (collection, records, db) = Resolve(http, collectionName);
        var (target, scope) = Target(http, collection, parent);
        var scopes = await ScopesAsync(http, scope).ConfigureAwait(false);
        var query = await ListQueryAsync(http, scopes).ConfigureAwait(false);
        var options = http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value;
        var pageSize = query.PageSize ?? options.DefaultPageSize;
        if (pageSize > options.MaxPageSize)
        {
            throw ForestRequestException.BadRequest($"page[size] is {pageSize}; at most {options.MaxPageSize} records are returned per page.");
        }

        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var fields = FieldsProjection.FromQuery(http.Request.Query);
        var references = fields.References(target, registry);
        var page = await records.For(target).ListAsync(db, query, scope, scopes.Of(target.Name), pageSize, references, http.RequestAborted).ConfigureAwait(false);
        return Json(writer => JsonApiWriter.WriteList(writer, registry, target, page, references, fields));
    }

    private static async Task<IResult> CountAsync(HttpContext http, string collectionName, (string Id, string Association)? parent)
    {
        var (collection, records, db) = Resolve(http, collectionName);
        var (target, scope) = Target(http, collection, parent);
        var scopes = await ScopesAsync(http, scope).ConfigureAwait(false);
        var query = await ListQueryAsync(http, scopes).ConfigureAwait(false);
        var count = await records.For(target).CountAsync(db, query, scope, scopes.Of(target.Name), http.RequestAborted).ConfigureAwait(false);
        return HttpResults.Json(new Dictionary<string, int> { ["count"] = count }, ForestJson.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string collection, string id)
    {
        var (descriptor, records, db) = Resolve(http, collection);
        RecordsQueryBuilder.ParseIds(descriptor, [id], "id");
        var scopes = await ScopesAsync(http, null).ConfigureAwait(false);
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var fields = FieldsProjection.FromQuery(http.Request.Query);
        var references = fields.References(descriptor, registry);
        var record = await records.For(descriptor).GetAsync(db, id, scopes, references, http.RequestAborted).ConfigureAwait(false)
            ?? throw ForestRequestException.NotFound($"No record with id '{id}' in the collection '{descriptor.Name}'.");
        return Json(writer => JsonApiWriter.WriteSingle(writer, registry, descriptor, record, references, fields));
    }

    /// <summary>
    /// The caller's scopes: what they cannot reach is not listed, counted or shown, and related data of a parent
    /// they cannot reach is a 404.
    /// </summary>
    /// <summary>The list query of the request, with the caller's scopes and its live-query segment run (or refused).</summary>
    internal static async Task<ListQuery> ListQueryAsync(HttpContext http, CallerScopes scopes) =>
        await http.RequestServices.GetRequiredService<Pipeline.SelectionResolver>()
            .ResolveAsync(ListQuery.FromQueryString(http.Request.Query) with { Scopes = scopes }, http.RequestAborted).ConfigureAwait(false);

    private static async Task<CallerScopes> ScopesAsync(HttpContext http, ParentScope? parent)
    {
        var resolver = http.RequestServices.GetRequiredService<Pipeline.SelectionResolver>();
        var caller = await resolver.CallerAsync(http.Features.Get<ForestUser>()!, null, http.RequestAborted).ConfigureAwait(false);
        if (parent is not null)
        {
            await resolver.EnsureParentAsync(caller, parent, http.RequestAborted).ConfigureAwait(false);
        }

        return caller.Scopes;
    }

    private static (CollectionDescriptor Collection, RecordsService Records, DbContext Db) Resolve(HttpContext http, string name)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        var collection = registry.FindCollection(name)
            ?? throw ForestRequestException.NotFound($"'{name}' is not a collection (known: {string.Join(", ", registry.Collections.Select(c => c.Name))}).");
        return (collection, http.RequestServices.GetRequiredService<RecordsService>(), http.RequestServices.GetRequiredService<Storage.DatabaseDeadline>().Context);
    }

    private static (CollectionDescriptor Target, ParentScope? Scope) Target(HttpContext http, CollectionDescriptor collection, (string Id, string Association)? parent)
    {
        if (parent is not { } p)
        {
            return (collection, null);
        }

        var relationship = collection.FindRelationship(p.Association);
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        if (relationship is not { IsCollection: true } || registry.FindCollection(relationship.TargetClrType) is not { } target)
        {
            throw ForestRequestException.NotFound($"'{p.Association}' is not a related-data list of the collection '{collection.Name}'.");
        }

        return (target, new ParentScope(collection, p.Id, relationship));
    }

    /// <summary>Serialises into memory (one page at most), then sends the bytes asynchronously.</summary>
    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return HttpResults.Bytes(buffer.WrittenMemory, "application/json; charset=utf-8");
    }
}
