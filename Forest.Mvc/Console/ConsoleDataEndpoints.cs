using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Discovery;
using Forest.Mvc.Errors;
using Forest.Mvc.Http;
using Forest.Mvc.Permissions;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Forest.Mvc.Console;

/// <summary>
/// What the console needs beside the Forest schema, in one request: each collection's reference field and fields in
/// declared order, what this user may do there (export, the actions they may see), where to land after login, and
/// the user's own settings (<c>GET /forest/console</c>); <c>PUT /forest/console/preferences/{collection}</c> keeps a
/// collection's columns and page size in the store, so that they follow the user. Hiding what a user cannot do is a
/// convenience: every route still refuses it.
/// </summary>
internal static class ConsoleDataEndpoints
{
    /// <summary>The page sizes the console offers.</summary>
    public static readonly int[] PageSizes = [15, 25, 50, 100];

    private const int MaxColumns = 100;

    public static void Map(RouteGroupBuilder group)
    {
        var services = group.ServiceProvider();
        var home = services.GetRequiredService<IOptions<ForestOptions>>().Value.ConsoleHome;
        if (home is not null && services.GetRequiredService<ForestRegistry>().FindCollection(home) is null)
        {
            throw new InvalidOperationException($"Forest:ConsoleHome is '{home}', which is not a collection (known: {string.Join(", ", services.GetRequiredService<ForestRegistry>().Collections.Select(c => c.Name))}).");
        }

        group.MapGet("/console", (Delegate)DescribeAsync).ExcludeFromDescription();
        group.MapPut("/console/preferences/{collection}", (Delegate)SaveAsync).ExcludeFromDescription();
    }

    private static IServiceProvider ServiceProvider(this RouteGroupBuilder group) => ((IEndpointRouteBuilder)group).ServiceProvider;

    private static async Task<IResult> DescribeAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var user = ForestRouteHelpers.User(http);
        var registry = services.GetRequiredService<ForestRegistry>();
        var access = services.GetRequiredService<AccessControl>();
        var rules = await access.LoadAsync(user, null, http.RequestAborted).ConfigureAwait(false);
        var collections = new JsonArray();
        foreach (var collection in registry.Collections)
        {
            collections.Add(new JsonObject
            {
                ["name"] = collection.Name,
                ["referenceField"] = collection.ReferenceField?.Name,
                ["fields"] = new JsonArray([.. collection.DeclaredOrder.Select(f => (JsonNode)f)]),
                ["canExport"] = access.MayExport(rules, user, collection.Name),
                ["actions"] = new JsonArray([.. registry.Actions.Where(a => a.Collection == collection.Name && access.MayShow(rules, a)).Select(a => (JsonNode)a.Name)]),
                ["destructiveActions"] = new JsonArray([.. registry.Actions.Where(a => a.Collection == collection.Name && a.Destructive).Select(a => (JsonNode)a.Name)]),
            });
        }

        return HttpResults.Json(new JsonObject
        {
            ["home"] = await HomeAsync(http, user).ConfigureAwait(false),
            ["pageSizes"] = new JsonArray([.. PageSizes.Select(s => (JsonNode)s)]),
            ["collections"] = collections,
            ["preferences"] = await PreferencesAsync(services, user, http.RequestAborted).ConfigureAwait(false),
        }, ForestJson.Options);
    }

    /// <summary>The application's home collection, else the first one in which this user sees a record (one row read per collection, at most).</summary>
    private static async Task<string?> HomeAsync(HttpContext http, ForestUser user)
    {
        var registry = http.RequestServices.GetRequiredService<ForestRegistry>();
        if (http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value.ConsoleHome is { } home)
        {
            return home;
        }

        var reads = http.RequestServices.GetRequiredService<RecordReads>();
        foreach (var collection in registry.Collections.Take(50))
        {
            // One row, without its attributes or references: whether the user sees anything there.
            var one = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["page[size]"] = "1", [$"fields[{collection.Name}]"] = "" });
            var page = await reads.ListAsync(user, collection.Name, null, one, http.RequestAborted).ConfigureAwait(false);
            if (page.Records.Count > 0)
            {
                return collection.Name;
            }
        }

        return registry.Collections.Count > 0 ? registry.Collections[0].Name : null;
    }

    private static async Task<JsonObject> PreferencesAsync(IServiceProvider services, ForestUser user, CancellationToken cancellationToken)
    {
        var preferences = new JsonObject();
        var access = services.GetRequiredService<IStoreAccess>();
        if (!access.IsConfigured)
        {
            return preferences;
        }

        var rows = await access.Require("Console preferences").Preferences.AsNoTracking()
            .Where(p => p.UserId == user.Id && p.Key.StartsWith(KeyPrefix)).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            preferences[row.Key[KeyPrefix.Length..]] = JsonNode.Parse(row.Value);
        }

        return preferences;
    }

    private const string KeyPrefix = "collection:";

    /// <summary>Keeps <c>{"columns": [...], "pageSize": 25}</c> for the user and the collection; 400 naming what is wrong.</summary>
    private static async Task<IResult> SaveAsync(HttpContext http, string collection)
    {
        var (user, store) = Security.StoreCaller.Of(http, "Console preferences");
        var descriptor = http.RequestServices.GetRequiredService<ForestRegistry>().FindCollection(collection)
            ?? throw ForestRequestException.NotFound($"'{collection}' is not a collection.");
        var body = await JsonBody.ReadAsync(http, JsonBody.SmallBodyBytes).ConfigureAwait(false);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ForestRequestException.BadRequest("Send {\"columns\": [\"id\", \"name\"], \"pageSize\": 25}.");
        }

        var saved = new JsonObject();
        if (body.TryGetProperty("columns", out var columns))
        {
            if (columns.ValueKind != JsonValueKind.Array || columns.GetArrayLength() > MaxColumns || columns.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
            {
                throw ForestRequestException.BadRequest($"columns: a list of at most {MaxColumns} field names.");
            }

            var names = columns.EnumerateArray().Select(c => c.GetString()!).Distinct(StringComparer.Ordinal).ToList();
            var unknown = names.FirstOrDefault(n => !descriptor.DeclaredOrder.Contains(n));
            if (unknown is not null)
            {
                throw ForestRequestException.BadRequest($"columns: '{unknown}' is not a field of '{collection}'.");
            }

            saved["columns"] = new JsonArray([.. names.Select(n => (JsonNode)n)]);
        }

        if (body.TryGetProperty("pageSize", out var size))
        {
            if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt32(out var pageSize) || !PageSizes.Contains(pageSize))
            {
                throw ForestRequestException.BadRequest($"pageSize: one of {string.Join(", ", PageSizes)}.");
            }

            saved["pageSize"] = pageSize;
        }

        var key = KeyPrefix + collection;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var row = await store.Preferences.SingleOrDefaultAsync(p => p.UserId == user.Id && p.Key == key, http.RequestAborted).ConfigureAwait(false);
        if (row is null)
        {
            store.Preferences.Add(new StoredPreference { UserId = user.Id, Key = key, Value = saved.ToJsonString(), UpdatedAt = now });
        }
        else
        {
            row.Value = saved.ToJsonString();
            row.UpdatedAt = now;
        }

        try
        {
            await store.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (row is null)
        {
            // Saved by another request meanwhile (two tabs): the last one wins, as for an update.
            store.ChangeTracker.Clear();
            await store.Preferences.Where(p => p.UserId == user.Id && p.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Value, saved.ToJsonString()).SetProperty(p => p.UpdatedAt, now), http.RequestAborted).ConfigureAwait(false);
        }

        return HttpResults.Json(saved, ForestJson.Options);
    }
}
