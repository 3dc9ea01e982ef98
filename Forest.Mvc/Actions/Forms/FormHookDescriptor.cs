using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Security;

namespace Forest.Mvc.Forms;

/// <summary>A load or change hook method, with its controller factory and invoker compiled once at startup.</summary>
internal sealed class FormHookDescriptor
{
    private readonly Func<object, object?[], object?> _invoke;
    private readonly Type[] _parameters;

    public FormHookDescriptor(MethodInfo method, IReadOnlyList<string> fields)
    {
        Name = method.Name;
        Method = method;
        Fields = fields;
        _parameters = [.. method.GetParameters().Select(p => p.ParameterType)];
        var target = Expression.Parameter(typeof(object), "controller");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(target, method.DeclaringType!),
            method,
            _parameters.Select((type, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), type)));
        Expression body = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        _invoke = Expression.Lambda<Func<object, object?[], object?>>(body, target, arguments).Compile();
    }

    /// <summary>The hook name written in the schema (the method name).</summary>
    public string Name { get; }

    public MethodInfo Method { get; }

    /// <summary>For a change hook: the fields that run it.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The parameter types a hook may take.</summary>
    public static bool IsSupportedParameter(Type type) => type == typeof(ActionForm) || type == typeof(ForestUser) || type == typeof(CancellationToken);

    /// <summary>Calls the hook on <paramref name="controller"/> (the action's controller, created by MVC for the hook's route).</summary>
    public async Task InvokeAsync(object controller, ActionForm form, ForestUser user, CancellationToken cancellationToken)
    {
        var arguments = _parameters.Select(type => type == typeof(ActionForm) ? form
            : type == typeof(ForestUser) ? user
            : (object)cancellationToken).ToArray();
        switch (_invoke(controller, arguments))
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
        }
    }
}
