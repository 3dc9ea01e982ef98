using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Forms;

/// <summary>
/// <c>POST &lt;endpoint&gt;/hooks/load</c> and <c>/hooks/change</c> for every action, behind the same pipeline as
/// the action (authentication, body, selection). Answers <c>{"fields": [...], "layout": []}</c> built from a fresh
/// copy of the declared fields. An action without a load hook answers its static form.
/// </summary>
internal static class FormHookEndpoints
{
    /// <returns>The builders of the hook routes, so that conventions given to <c>MapForest()</c> reach them.</returns>
    public static List<IEndpointConventionBuilder> Map(IEndpointRouteBuilder endpoints, ForestRegistry registry)
    {
        var builders = new List<IEndpointConventionBuilder>();
        foreach (var action in registry.Actions)
        {
            var root = action.Endpoint.TrimEnd('/');
            builders.Add(endpoints.MapPost(root + "/hooks/load", (HttpContext http) => RunAsync(http, action, HookKind.Load)).ExcludeFromDescription());
            builders.Add(endpoints.MapPost(root + "/hooks/change", (HttpContext http) => RunAsync(http, action, HookKind.Change)).ExcludeFromDescription());
            builders.Add(endpoints.MapPost(root + "/hooks/search", (HttpContext http) => RunAsync(http, action, HookKind.Search)).ExcludeFromDescription());
        }

        return builders;
    }

    /// <summary>The form of an action as its load hook makes it (the MCP tool get_action_form).</summary>
    internal static Task LoadAsync(HttpContext http, SmartActionDescriptor action) => RunAsync(http, action, HookKind.Load);

    private static async Task RunAsync(HttpContext http, SmartActionDescriptor action, HookKind kind)
    {
        var pipeline = http.RequestServices.GetRequiredService<Invocation.InvocationPipeline>();
        await pipeline.RunAsync(http, action, kind, () => FromRequestAsync(http, action, kind), async invocation =>
        {
            var request = (FormHookRequest)invocation.Request;
            var (hook, form) = kind switch
            {
                HookKind.Load => (action.LoadHook, ActionForm.Create(action, request.FieldValues, null)),
                HookKind.Change => (ChangeHook(action, request.ChangedField), ActionForm.Create(action, request.FieldValues, request.ChangedField)),
                _ => SearchHook(action, request),
            };
            if (hook is not null)
            {
                await InvokeAsync(http, hook, form).ConfigureAwait(false);
            }

            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(ActionFieldWriter.WriteForm(form, action), http.RequestAborted).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>A call of a hook route: the user of the token, the body, the <c>timezone</c> query parameter.</summary>
    private static async Task<Invocation.SmartActionInvocation> FromRequestAsync(HttpContext http, SmartActionDescriptor action, HookKind kind)
    {
        var user = await Security.ForestAuthenticator.AuthenticateAsync(http).ConfigureAwait(false);
        var maxBytes = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForestOptions>>().Value.MaxActionBodyBytes;
        var body = await JsonBody.ReadAsync(http, maxBytes, "Forest:MaxActionBodyBytes on smart action routes").ConfigureAwait(false);
        return new Invocation.SmartActionInvocation
        {
            Action = action,
            Source = Invocation.InvocationSource.Http,
            Services = http.RequestServices,
            User = user,
            Request = FormHookRequest.Parse(body),
            TimeZone = Records.ListQuery.ParseTimeZone(http.Request.Query["timezone"].FirstOrDefault()),
            CancellationToken = http.RequestAborted,
            Hook = kind,
        };
    }

    /// <summary>
    /// The hook a change of <paramref name="changedField"/> runs: the field's own, or the action's any-field hook, or
    /// none (the form is then answered recomputed: values kept, enum values reset). An unknown field is a 400.
    /// </summary>
    private static FormHookDescriptor? ChangeHook(SmartActionDescriptor action, string? changedField)
    {
        if (string.IsNullOrEmpty(changedField))
        {
            throw ForestRequestException.BadRequest("changed_field is required: name the field whose value changed.");
        }

        var field = action.Fields.FirstOrDefault(f => f.Field == changedField)
            ?? throw ForestRequestException.BadRequest($"changed_field: the action '{action.Name}' has no field '{changedField}'.");
        return action.ChangeHooks.FirstOrDefault(h => h.Name == field.Hook)
            ?? action.ChangeHooks.FirstOrDefault(h => h.Fields is [ChangeHookAttribute.AnyField]);
    }

    /// <summary>The search hook of <c>search_field</c>, with the form carrying what the user typed; 400 for a field without one.</summary>
    private static (FormHookDescriptor Hook, ActionForm Form) SearchHook(SmartActionDescriptor action, FormHookRequest request)
    {
        if (string.IsNullOrEmpty(request.SearchField))
        {
            throw ForestRequestException.BadRequest("search_field is required: name the field whose options are searched.");
        }

        var field = action.Fields.FirstOrDefault(f => f.Field == request.SearchField)
            ?? throw ForestRequestException.BadRequest($"search_field: the action '{action.Name}' has no field '{request.SearchField}'.");
        var hook = action.SearchHooks.FirstOrDefault(h => h.Name == field.SearchHook)
            ?? throw ForestRequestException.BadRequest($"search_field: the field '{field.Field}' of '{action.Name}' is not searchable.");
        return (hook, ActionForm.Create(action, request.FieldValues, null, field.Field, request.SearchValues.GetValueOrDefault(field.Field) ?? ""));
    }

    private static async Task InvokeAsync(HttpContext http, FormHookDescriptor hook, ActionForm form)
    {
        var controller = hook.CreateController(http);
        try
        {
            await hook.InvokeAsync(controller, form, http).ConfigureAwait(false);
        }
        finally
        {
            switch (controller)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}

/// <summary>The three form hooks of an action.</summary>
internal enum HookKind
{
    Load,
    Change,
    Search,
}
