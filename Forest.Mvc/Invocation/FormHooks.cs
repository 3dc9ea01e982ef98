using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Forest.Mvc.Invocation;

/// <summary>
/// <c>POST &lt;endpoint&gt;/hooks/load</c>, <c>/hooks/change</c> and <c>/hooks/search</c> of every action: MVC actions
/// of the action's own controller (added by discovery, see <see cref="FormHookModels"/>), so that the
/// application's filters, conventions and authorization policies apply to them as to the action, behind the same
/// pipeline up to authorization. Answers <c>{"fields": [...], "layout": []}</c> built from a fresh copy of the
/// declared fields. An action without a load hook answers its static form.
/// </summary>
internal static class FormHooks
{
    /// <summary>Runs the hook the call asks for on <paramref name="controller"/> (created by MVC) and answers the form.</summary>
    public static async Task<IActionResult> RunAsync(object controller, SmartActionInvocation invocation)
    {
        var (action, request) = (invocation.Action, (FormHookRequest)invocation.Request);
        var (hook, form) = invocation.Hook switch
        {
            HookKind.Load => (action.LoadHook, ActionForm.Create(action, request.FieldValues, null)),
            HookKind.Change => (ChangeHook(action, request.ChangedField), ActionForm.Create(action, request.FieldValues, request.ChangedField)),
            _ => SearchHook(action, request),
        };
        if (hook is not null)
        {
            await hook.InvokeAsync(controller, form, invocation.User, invocation.CancellationToken).ConfigureAwait(false);
        }

        return new FileContentResult(ActionFieldWriter.WriteForm(form, action), "application/json; charset=utf-8");
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
}
