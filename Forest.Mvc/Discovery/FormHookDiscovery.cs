using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;

namespace Forest.Mvc.Discovery;

/// <summary>Finds the load and change hooks of a controller's actions and checks them.</summary>
internal static class FormHookDiscovery
{
    public static void Attach(Type controller, IEnumerable<MethodInfo> hooks, IReadOnlyList<SmartActionDescriptor> actions, List<string> errors)
    {
        foreach (var method in hooks)
        {
            var display = $"{method.DeclaringType?.FullName}.{method.Name}";
            var load = method.GetCustomAttribute<LoadHookAttribute>(inherit: true);
            var change = method.GetCustomAttribute<ChangeHookAttribute>(inherit: true);
            var search = method.GetCustomAttribute<SearchHookAttribute>(inherit: true);
            if ((load is null ? 0 : 1) + (change is null ? 0 : 1) + (search is null ? 0 : 1) > 1)
            {
                errors.Add($"{display}: a method is one kind of hook: load, change or search.");
                continue;
            }

            var actionName = load?.Action ?? change?.Action ?? search!.Action;
            var action = actions.FirstOrDefault(a => a.Method.Name == actionName);
            if (action is null)
            {
                errors.Add($"{display}: the hook names the action method '{actionName}', which is not a smart action of {controller.Name}. Use nameof(YourAction).");
                continue;
            }

            if (!CheckSignature(method, display, errors))
            {
                continue;
            }

            if (load is not null)
            {
                if (action.LoadHook is not null)
                {
                    errors.Add($"{display}: the action '{action.Name}' already has the load hook {action.LoadHook.Name}; an action has one load hook.");
                    continue;
                }

                action.LoadHook = new FormHookDescriptor(method, []);
                continue;
            }

            if (search is not null)
            {
                AttachSearchHook(controller, method, search, action, display, errors);
                continue;
            }

            AttachChangeHook(controller, method, change!, action, display, errors);
        }

        // The any-field hook is announced on every field without a hook of its own, so that every client calls it.
        foreach (var action in actions)
        {
            if (action.ChangeHooks.FirstOrDefault(h => h.Fields is [ChangeHookAttribute.AnyField]) is { } any)
            {
                foreach (var field in action.Fields.Where(f => f.Hook is null))
                {
                    field.Hook = any.Name;
                }
            }
        }
    }

    private static void AttachSearchHook(Type controller, MethodInfo method, SearchHookAttribute search, SmartActionDescriptor action, string display, List<string> errors)
    {
        var field = action.Fields.FirstOrDefault(f => f.Field == search.Field);
        if (field is null)
        {
            errors.Add($"{display}: the action '{action.Name}' has no field '{search.Field}' (fields: {string.Join(", ", action.Fields.Select(f => f.Field))}).");
        }
        else if (field.SearchHook is not null)
        {
            errors.Add($"{display}: the field '{search.Field}' of '{action.Name}' already has the search hook {field.SearchHook}; a field has one.");
        }
        else if (field.Type != FieldType.String || field.IsList || field.Reference is not null)
        {
            errors.Add($"{display}: the field '{search.Field}' of '{action.Name}' is {field.Type}{(field.IsList ? " list" : "")}; a searchable dropdown holds one String value.");
        }
        else
        {
            field.SearchHook = method.Name;
            action.SearchHooks = [.. action.SearchHooks, new FormHookDescriptor(method, [search.Field])];
        }
    }

    private static void AttachChangeHook(Type controller, MethodInfo method, ChangeHookAttribute change, SmartActionDescriptor action, string display, List<string> errors)
    {
        if (change.Fields.Count == 0)
        {
            errors.Add($"{display}: a change hook names the fields that run it, e.g. [ChangeHook(nameof({action.Method.Name}), \"Reason\")].");
            return;
        }

        if (change.Fields.Contains(ChangeHookAttribute.AnyField))
        {
            if (change.Fields.Count > 1)
            {
                errors.Add($"{display}: ChangeHookAttribute.AnyField watches every field; it cannot be combined with field names.");
            }
            else if (action.ChangeHooks.FirstOrDefault(h => h.Fields is [ChangeHookAttribute.AnyField]) is { } other)
            {
                errors.Add($"{display}: the action '{action.Name}' already has the any-field change hook {other.Name}; an action has one.");
            }
            else
            {
                action.ChangeHooks = [.. action.ChangeHooks, new FormHookDescriptor(method, change.Fields)];
            }

            return;
        }

        var ok = true;
        foreach (var name in change.Fields)
        {
            var field = action.Fields.FirstOrDefault(f => f.Field == name);
            if (field is null)
            {
                errors.Add($"{display}: the action '{action.Name}' has no field '{name}' (fields: {string.Join(", ", action.Fields.Select(f => f.Field))}).");
                ok = false;
            }
            else if (field.Hook is not null && field.Hook != method.Name)
            {
                errors.Add($"{display}: the field '{name}' already runs the change hook {field.Hook}; a field runs one change hook.");
                ok = false;
            }
        }

        if (!ok)
        {
            return;
        }

        foreach (var field in action.Fields.Where(f => change.Fields.Contains(f.Field)))
        {
            field.Hook = method.Name;
        }

        action.ChangeHooks = [.. action.ChangeHooks, new FormHookDescriptor(method, change.Fields)];
    }

    private static bool CheckSignature(MethodInfo method, string display, List<string> errors)
    {
        var ok = true;
        foreach (var parameter in method.GetParameters().Where(p => !FormHookDescriptor.IsSupportedParameter(p.ParameterType)))
        {
            errors.Add($"{display}: the hook parameter '{parameter.Name}' of type {parameter.ParameterType.Name} is not supported. A hook accepts ActionForm, ForestUser and CancellationToken.");
            ok = false;
        }

        if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask))
        {
            errors.Add($"{display}: a hook returns void, Task or ValueTask; it changes the ActionForm it receives.");
            ok = false;
        }

        return ok;
    }
}
