using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Errors;
using Forest.Mvc.Hosting;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Management;

/// <summary>The admin API for roles, permissions and users (<c>/forest/management/…</c>), used by the console.</summary>
internal static class ManagementEndpoints
{
    private static readonly string[] TriggerNames = ["none", "trigger", "approval"];

    public static void Map(RouteGroupBuilder group)
    {
        var admin = group.MapGroup("/management");
        admin.AddEndpointFilter(AdminGate.Filter);
        admin.AddEndpointFilter(BumpRulesVersionAfterWrites);
        admin.MapGet("/roles", ListRolesAsync);
        admin.MapPost("/roles", CreateRoleAsync);
        admin.MapDelete("/roles/{id:int}", DeleteRoleAsync);
        admin.MapPut("/roles/{id:int}/permissions", PutPermissionsAsync);
        admin.MapPut("/roles/{id:int}/exports", PutExportsAsync);
        admin.MapGet("/users", ListUsersAsync);
        admin.MapPost("/users", CreateUserAsync);
        admin.MapPut("/users/{id:int}", UpdateUserAsync);
        admin.MapGet("/teams", async (IStoreAccess access) =>
            HttpResults.Json(await access.Require(AdminGate.Feature).Users.Where(u => u.Team != null).Select(u => u.Team).Distinct().OrderBy(t => t).ToListAsync().ConfigureAwait(false), ForestJson.Options));
        SettingsEndpoints.Map(admin);
    }

    /// <summary>Every change through the management API increments the rules version, so every instance reloads them.</summary>
    private static async ValueTask<object?> BumpRulesVersionAfterWrites(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context).ConfigureAwait(false);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            await http.RequestServices.GetRequiredService<Permissions.ForestRules>().BumpAsync(http.RequestServices.GetRequiredService<ForestStoreContext>(), http.RequestAborted).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<IResult> ListRolesAsync(IStoreAccess access)
    {
        var store = access.Require(AdminGate.Feature);
        var roles = await store.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync().ConfigureAwait(false);
        var permissions = await store.Permissions.AsNoTracking().ToListAsync().ConfigureAwait(false);
        var exports = await store.ExportPermissions.AsNoTracking().ToListAsync().ConfigureAwait(false);
        return HttpResults.Json(roles.Select(r => new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = r.Name,
            ["permissions"] = new JsonArray([.. permissions.Where(p => p.RoleId == r.Id).OrderBy(p => p.Collection).ThenBy(p => p.Action).Select(p => (JsonNode)Permission(p))]),
            ["exports"] = new JsonArray([.. exports.Where(e => e.RoleId == r.Id).Select(e => e.Collection).Order(StringComparer.Ordinal).Select(c => (JsonNode)c)]),
        }).ToList(), ForestJson.Options);
    }

    private static JsonObject Permission(StoredPermission p) => new()
    {
        ["collection"] = p.Collection,
        ["action"] = p.Action,
        ["trigger"] = TriggerNames[(int)p.Trigger],
        ["triggerCondition"] = Node(p.TriggerCondition),
        ["approvalCondition"] = Node(p.ApprovalCondition),
        ["canApprove"] = p.CanApprove,
        ["approveCondition"] = Node(p.ApproveCondition),
        ["canSelfApprove"] = p.CanSelfApprove,
    };

    private static JsonNode? Node(string? json) => json is null ? null : JsonNode.Parse(json);

    private static async Task<IResult> CreateRoleAsync(HttpContext http, IStoreAccess access)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonObject>(http, "{\"name\": \"...\"}").ConfigureAwait(false);
        var name = Text(body, "name", "body")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            throw ForestRequestException.BadRequest("name is required (100 characters at most).");
        }

        if (await store.Roles.AnyAsync(r => r.Name == name).ConfigureAwait(false))
        {
            throw new ForestRequestException(409, "ConflictError", $"A role named '{name}' exists already.");
        }

        var role = new StoredRole { Name = name };
        store.Roles.Add(role);
        await store.SaveChangesAsync().ConfigureAwait(false);
        return HttpResults.Json(new JsonObject { ["id"] = role.Id, ["name"] = role.Name, ["permissions"] = new JsonArray() }, ForestJson.Options, statusCode: 201);
    }

    private static async Task<IResult> DeleteRoleAsync(IStoreAccess access, int id)
    {
        var store = access.Require(AdminGate.Feature);
        var role = await store.Roles.FindAsync(id).ConfigureAwait(false) ?? throw ForestRequestException.NotFound($"No role has the id {id}.");
        await store.Permissions.Where(p => p.RoleId == id).ExecuteDeleteAsync().ConfigureAwait(false);
        await store.ExportPermissions.Where(e => e.RoleId == id).ExecuteDeleteAsync().ConfigureAwait(false);
        store.Roles.Remove(role);
        await store.SaveChangesAsync().ConfigureAwait(false);
        return HttpResults.NoContent();
    }

    /// <summary>Replaces the permissions of a role; every entry is checked (names, trigger level, conditions) before anything is saved.</summary>
    /// <summary>The collections the role may export as CSV: <c>["companies", …]</c>, or <c>["*"]</c> for all; <c>[]</c> for none.</summary>
    private static async Task<IResult> PutExportsAsync(HttpContext http, IStoreAccess access, ForestRegistry registry, int id)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonArray>(http, "an array of collection names").ConfigureAwait(false);
        _ = await store.Roles.FindAsync(id).ConfigureAwait(false) ?? throw ForestRequestException.NotFound($"No role has the id {id}.");
        var collections = new List<string>();
        for (var i = 0; i < body.Count; i++)
        {
            var name = body[i] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw ForestRequestException.BadRequest($"exports[{i}] must be a collection name.");
            if (name != "*" && registry.FindCollection(name) is null)
            {
                throw ForestRequestException.BadRequest($"exports[{i}]: '{name}' is not a collection.");
            }

            if (!collections.Contains(name))
            {
                collections.Add(name);
            }
        }

        await store.ExportPermissions.Where(e => e.RoleId == id).ExecuteDeleteAsync().ConfigureAwait(false);
        store.ExportPermissions.AddRange(collections.Select(c => new StoredExportPermission { RoleId = id, Collection = c }));
        await store.SaveChangesAsync().ConfigureAwait(false);
        return await ListRolesAsync(access).ConfigureAwait(false);
    }

    private static async Task<IResult> PutPermissionsAsync(HttpContext http, IStoreAccess access, ForestRegistry registry, int id)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonArray>(http, "an array of permissions").ConfigureAwait(false);
        _ = await store.Roles.FindAsync(id).ConfigureAwait(false) ?? throw ForestRequestException.NotFound($"No role has the id {id}.");
        var permissions = new List<StoredPermission>();
        for (var i = 0; i < body.Count; i++)
        {
            var what = $"permissions[{i}]";
            var entry = body[i] as JsonObject ?? throw ForestRequestException.BadRequest($"{what} must be an object.");
            var collection = Text(entry, "collection", what) ?? "*";
            var action = Text(entry, "action", what) ?? "*";
            if (collection != "*" && registry.FindCollection(collection) is null)
            {
                throw ForestRequestException.BadRequest($"{what}.collection: '{collection}' is not a collection.");
            }
            else if (action != "*" && !registry.Actions.Any(a => a.Name == action && (collection == "*" || a.Collection == collection)))
            {
                throw ForestRequestException.BadRequest($"{what}.action: '{action}' is not an action of '{collection}'.");
            }

            var trigger = Array.IndexOf(TriggerNames, Text(entry, "trigger", what) ?? "none");
            if (trigger < 0)
            {
                throw ForestRequestException.BadRequest($"{what}.trigger must be none, trigger or approval.");
            }

            var permission = new StoredPermission
            {
                RoleId = id,
                Collection = collection,
                Action = action,
                Trigger = (TriggerLevel)trigger,
                TriggerCondition = Condition(entry, "triggerCondition"),
                ApprovalCondition = Condition(entry, "approvalCondition"),
                CanApprove = Flag(entry, "canApprove", what),
                ApproveCondition = Condition(entry, "approveCondition"),
                CanSelfApprove = Flag(entry, "canSelfApprove", what),
            };
            ConditionCheck.Ensure(registry, collection, permission.TriggerCondition, $"{what}.triggerCondition");
            ConditionCheck.Ensure(registry, collection, permission.ApprovalCondition, $"{what}.approvalCondition");
            ConditionCheck.Ensure(registry, collection, permission.ApproveCondition, $"{what}.approveCondition");
            if (permissions.Any(p => p.Collection == collection && p.Action == action))
            {
                throw ForestRequestException.BadRequest($"{what}: '{collection}' / '{action}' is listed twice.");
            }

            permissions.Add(permission);
        }

        await store.Permissions.Where(p => p.RoleId == id).ExecuteDeleteAsync().ConfigureAwait(false);
        store.Permissions.AddRange(permissions);
        await store.SaveChangesAsync().ConfigureAwait(false);
        return await ListRolesAsync(access).ConfigureAwait(false);
    }

    internal static string? Text(JsonObject entry, string key, string what) => entry[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw ForestRequestException.BadRequest($"{what}.{key} must be a string."),
    };

    internal static bool Flag(JsonObject entry, string key, string what) => entry[key] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw ForestRequestException.BadRequest($"{what}.{key} must be true or false."),
    };

    internal static string? Condition(JsonObject entry, string key) => entry[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text,
        var node => node.ToJsonString(),
    };

    private static async Task<IResult> ListUsersAsync(IStoreAccess access) =>
        HttpResults.Json((await access.Require(AdminGate.Feature).Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync().ConfigureAwait(false)).Select(User).ToList(), ForestJson.Options);

    private static JsonObject User(StoredUser u) => new()
    {
        ["id"] = u.Id,
        ["email"] = u.Email,
        ["firstName"] = u.FirstName,
        ["lastName"] = u.LastName,
        ["role"] = u.Role,
        ["team"] = u.Team,
        ["permissionLevel"] = u.PermissionLevel,
        ["tags"] = JsonNode.Parse(u.TagsJson),
        ["disabled"] = u.DisabledAt is not null,
    };

    private static async Task<IResult> CreateUserAsync(HttpContext http, IStoreAccess access)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonObject>(http, "a user object").ConfigureAwait(false);
        var email = Text(body, "email", "body")?.Trim();
        var password = Text(body, "password", "body");
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal) || string.IsNullOrEmpty(password))
        {
            throw ForestRequestException.BadRequest("email and password are required.");
        }

        PasswordPolicy.Ensure(password, http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value.Password);

        if (await store.Users.AnyAsync(u => u.NormalizedEmail == StoredUser.Normalize(email)).ConfigureAwait(false))
        {
            throw new ForestRequestException(409, "ConflictError", $"A user with the email '{email}' exists already.");
        }

        var user = new StoredUser { Email = email, NormalizedEmail = StoredUser.Normalize(email), CreatedAt = DateTime.UtcNow, SecurityStamp = StoredUser.NewSecurityStamp() };
        await ApplyAsync(store, user, body).ConfigureAwait(false);
        user.PasswordHash = http.RequestServices.GetRequiredService<IPasswordHasher<StoredUser>>().HashPassword(user, password);
        store.Users.Add(user);
        await store.SaveChangesAsync().ConfigureAwait(false);
        return HttpResults.Json(User(user), ForestJson.Options, statusCode: 201);
    }

    private static async Task<IResult> UpdateUserAsync(HttpContext http, IStoreAccess access, int id)
    {
        var store = access.Require(AdminGate.Feature);
        var body = await RequestJson.ReadAsync<JsonObject>(http, "a user object").ConfigureAwait(false);
        var user = await store.Users.FindAsync(id).ConfigureAwait(false) ?? throw ForestRequestException.NotFound($"No user has the id {id}.");
        var (role, level, disabled) = (user.Role, user.PermissionLevel, user.DisabledAt);
        await ApplyAsync(store, user, body).ConfigureAwait(false);
        var passwordChanged = false;
        if (Text(body, "password", "body") is { } password)
        {
            PasswordPolicy.Ensure(password, http.RequestServices.GetRequiredService<IOptions<ForestOptions>>().Value.Password);
            user.PasswordHash = http.RequestServices.GetRequiredService<IPasswordHasher<StoredUser>>().HashPassword(user, password);
            passwordChanged = true;
        }

        if (body["disabled"] is { } flag)
        {
            user.DisabledAt = flag is JsonValue value && value.TryGetValue<bool>(out var on)
                ? (on ? user.DisabledAt ?? DateTime.UtcNow : null)
                : throw ForestRequestException.BadRequest("disabled must be true or false.");
        }

        // A change of what the user may do, or of how they log in, ends their sessions on every instance.
        if (passwordChanged || role != user.Role || level != user.PermissionLevel || (disabled is null) != (user.DisabledAt is null))
        {
            user.SecurityStamp = StoredUser.NewSecurityStamp();
        }

        await store.SaveChangesAsync().ConfigureAwait(false);
        return HttpResults.Json(User(user), ForestJson.Options);
    }

    private static async Task ApplyAsync(ForestStoreContext store, StoredUser user, JsonObject body)
    {
        user.FirstName = Text(body, "firstName", "body") ?? user.FirstName;
        user.LastName = Text(body, "lastName", "body") ?? user.LastName;
        if (body.ContainsKey("team"))
        {
            user.Team = Text(body, "team", "body");
        }

        if (body.ContainsKey("role"))
        {
            var role = Text(body, "role", "body");
            if (role is not null && !await store.Roles.AnyAsync(r => r.Name == role).ConfigureAwait(false))
            {
                throw ForestRequestException.BadRequest($"role: '{role}' is not a role.");
            }

            user.Role = role;
        }

        if (Text(body, "permissionLevel", "body") is { } level)
        {
            user.PermissionLevel = level is "admin" or "user" ? level : throw ForestRequestException.BadRequest("permissionLevel must be admin or user.");
        }

        if (body["tags"] is { } tags)
        {
            user.TagsJson = tags is JsonObject obj && obj.All(t => t.Value is JsonValue v && v.TryGetValue<string>(out _))
                ? obj.ToJsonString()
                : throw ForestRequestException.BadRequest("tags must be an object of text values, e.g. {\"country\": \"France\"}.");
        }
    }
}
