using Forest.Mvc.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace Forest.Mvc.Invocation;

/// <summary>
/// Runs a call that did not come from the action's route (an approved request, a job, an MCP tool call) through
/// the action's own MVC pipeline: <see cref="SmartActionFilter"/> and its stages, the application's filters, model
/// binding, the method and its result.
/// <para>
/// This is the one place where the library creates an <see cref="HttpContext"/>. MVC runs a controller action only
/// on one (its controller context, its filters and its action results are written against it), so the call gets a
/// context of its own: the call's services and cancellation, the action's method and path, and a response kept in
/// memory that becomes the <see cref="InvocationAnswer"/>. Nothing of another request is borrowed.
/// </para>
/// </summary>
internal sealed class SmartActionInvoker(SmartActionDescriptors descriptors, IActionInvokerFactory invokers)
{
    /// <summary>Runs <paramref name="invocation"/> and answers what the action (or the check that refused it) answered.</summary>
    /// <param name="invocation">The call, built by its entry point.</param>
    /// <param name="origin">The address the caller reached the application at, when there is one (links in results).</param>
    public async Task<InvocationAnswer> InvokeAsync(SmartActionInvocation invocation, InvocationOrigin? origin = null)
    {
        var action = invocation.Action;
        var descriptor = descriptors.Find(action, invocation.Hook)
            ?? throw new InvalidOperationException($"The MVC action of the smart action '{action.Name}' was not found.");
        var http = new DefaultHttpContext { RequestServices = invocation.Services, RequestAborted = invocation.CancellationToken };
        http.Request.Method = invocation.Hook is null ? action.HttpMethod : HttpMethods.Post;
        http.Request.Scheme = origin?.Scheme ?? "http";
        http.Request.Host = origin?.Host ?? new HostString("forest-" + invocation.Source.Name);
        http.Request.PathBase = origin?.PathBase ?? PathString.Empty;
        http.Request.Path = invocation.Hook is { } hook ? new Forms.FormHookRoute(action, hook).Path : action.Endpoint;
        http.Connection.RemoteIpAddress = origin?.RemoteIpAddress;
        http.Response.Body = new MemoryStream();
        http.Features.Set(invocation);
        http.Features.Set(invocation.User);
        var context = new ActionContext(http, new RouteData(new RouteValueDictionary(descriptor.RouteValues)), descriptor);
        var invoker = invokers.CreateInvoker(context)
            ?? throw new InvalidOperationException($"MVC cannot invoke the smart action '{action.Name}'.");
        await invoker.InvokeAsync().ConfigureAwait(false);
        return InvocationAnswer.From(http.Response);
    }
}

/// <summary>The address a caller reached the application at (scheme, host, path base) and from where.</summary>
/// <param name="Scheme">http or https.</param>
/// <param name="Host">The host.</param>
/// <param name="PathBase">The application's path base.</param>
/// <param name="RemoteIpAddress">The caller's address.</param>
internal sealed record InvocationOrigin(string Scheme, HostString Host, PathString PathBase, System.Net.IPAddress? RemoteIpAddress)
{
    /// <summary>The origin of a live request.</summary>
    public static InvocationOrigin Of(HttpContext http) => new(http.Request.Scheme, http.Request.Host, http.Request.PathBase, http.Connection.RemoteIpAddress);
}

/// <summary>What a call answered: status, headers and body, as the route would have sent them.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Headers">The response headers.</param>
/// <param name="Body">The body.</param>
internal sealed record InvocationAnswer(int Status, IHeaderDictionary Headers, byte[] Body)
{
    /// <summary>The body's media type.</summary>
    public string? ContentType => Headers.ContentType.Count > 0 ? Headers.ContentType.ToString() : null;

    /// <summary>The <c>Content-Disposition</c> of a file result, else empty.</summary>
    public string ContentDisposition => Headers.ContentDisposition.ToString();

    /// <summary>The body as text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public static InvocationAnswer From(HttpResponse response) =>
        new(response.StatusCode, new HeaderDictionary(response.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)), ((MemoryStream)response.Body).ToArray());

    /// <summary>Sends the answer as the response of <paramref name="http"/> (an approval answers the approver with the action's answer).</summary>
    public async Task WriteToAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            http.Response.Headers[name] = value;
        }

        await http.Response.Body.WriteAsync(Body, http.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>
/// Each smart action's MVC <see cref="ControllerActionDescriptor"/>, mapped once (rebuilt only if MVC's descriptor
/// collection changes), so that running a call from another source does not scan the application's endpoints.
/// </summary>
internal sealed class SmartActionDescriptors(IActionDescriptorCollectionProvider provider)
{
    private (int Version, Dictionary<(SmartActionDescriptor, Forms.HookKind?), ControllerActionDescriptor> Map)? _map;

    /// <summary>The MVC action of <paramref name="action"/>, or of its hook route <paramref name="hook"/>.</summary>
    public ControllerActionDescriptor? Find(SmartActionDescriptor action, Forms.HookKind? hook = null)
    {
        var collection = provider.ActionDescriptors;
        var current = _map;
        if (current is not { } built || built.Version != collection.Version)
        {
            var map = new Dictionary<(SmartActionDescriptor, Forms.HookKind?), ControllerActionDescriptor>(ByReference.Instance);
            foreach (var descriptor in collection.Items.OfType<ControllerActionDescriptor>())
            {
                if (descriptor.Properties.TryGetValue(typeof(SmartActionDescriptor), out var found) && found is SmartActionDescriptor smart)
                {
                    map[(smart, null)] = descriptor;
                }
                else if (descriptor.Properties.TryGetValue(typeof(Forms.FormHookRoute), out var route) && route is Forms.FormHookRoute hookRoute)
                {
                    map[(hookRoute.Action, hookRoute.Kind)] = descriptor;
                }
            }

            built = (collection.Version, map);
            _map = built;
        }

        return built.Map.GetValueOrDefault((action, hook));
    }

    /// <summary>Compares the action by reference (descriptors are unique) and the hook by value.</summary>
    private sealed class ByReference : IEqualityComparer<(SmartActionDescriptor Action, Forms.HookKind? Hook)>
    {
        public static readonly ByReference Instance = new();

        public bool Equals((SmartActionDescriptor Action, Forms.HookKind? Hook) x, (SmartActionDescriptor Action, Forms.HookKind? Hook) y) =>
            ReferenceEquals(x.Action, y.Action) && x.Hook == y.Hook;

        public int GetHashCode((SmartActionDescriptor Action, Forms.HookKind? Hook) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Action), obj.Hook);
    }
}
