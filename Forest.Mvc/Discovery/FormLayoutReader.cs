using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;

namespace Forest.Mvc.Discovery;

/// <summary>Reads and checks, at startup, the layout a form class declares through <see cref="IFormLayout"/>.</summary>
internal static class FormLayoutReader
{
    public static FormLayout? Read(Type? formType, IReadOnlyList<ActionFieldDescriptor> fields, string actionName, string display, List<string> errors)
    {
        if (formType is null || !typeof(IFormLayout).IsAssignableFrom(formType))
        {
            return null;
        }

        var map = formType.GetInterfaceMap(typeof(IFormLayout));
        var getter = map.TargetMethods[Array.IndexOf(map.InterfaceMethods, typeof(IFormLayout).GetProperty(nameof(IFormLayout.Layout))!.GetMethod)];
        FormLayout? layout;
        try
        {
            layout = (FormLayout?)getter.Invoke(null, null);
        }
        catch (TargetInvocationException exception)
        {
            errors.Add($"{display}: the layout of {formType.Name} threw {exception.InnerException?.GetType().Name}: {exception.InnerException?.Message}");
            return null;
        }

        if (layout is null)
        {
            errors.Add($"{display}: {formType.Name}.Layout returned null.");
            return null;
        }

        var names = fields.Select(f => f.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(layout.Problems(names).Select(problem => $"{display}: the form of the action '{actionName}' is wrong: {problem}."));
        return layout;
    }
}
