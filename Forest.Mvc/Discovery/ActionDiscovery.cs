using System.Reflection;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Forest.Mvc.Discovery;

/// <summary>
/// Reads the smart actions declared on controllers and checks every declaration, collecting all errors so that
/// startup can report them at once.
/// </summary>
internal static class ActionDiscovery
{
    private static readonly string[] AllowedMethods = ["POST", "PUT", "PATCH", "DELETE"];

    public static List<SmartActionDescriptor> Discover(IEnumerable<Type> controllerTypes, IReadOnlyList<CollectionDescriptor> collections, List<string> errors)
    {
        var byType = collections.ToDictionary(c => c.ClrType);
        var byName = collections.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var actions = new List<SmartActionDescriptor>();
        foreach (var controller in controllerTypes.Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var entityType = SmartActionsControllerType.EntityTypeOf(controller);
            if (entityType is null)
            {
                foreach (var method in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(IsSmartAction))
                {
                    errors.Add($"{Display(method)}: [SmartAction] is only allowed on a controller deriving from SmartActionsController<TEntity>, which names the collection. Derive {controller.Name} from SmartActionsController<YourEntity>.");
                }

                continue;
            }

            if (!byType.TryGetValue(entityType, out var collection))
            {
                errors.Add($"{controller.FullName}: the entity {entityType.FullName} is not a collection of the registered DbContext (it must be an entity type with a single-column primary key of type int, long, Guid or string). Add it to the DbContext or use another entity type.");
                continue;
            }

            if (controller.IsDefined(typeof(AllowAnonymousAttribute), inherit: true))
            {
                errors.Add($"{controller.FullName}: [AllowAnonymous] is not allowed on a smart actions controller; every smart action requires an authenticated user. Remove the attribute.");
            }

            var controllerActions = new List<SmartActionDescriptor>();
            var hooks = new List<MethodInfo>();
            foreach (var method in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                // Most methods are the controller's own; only inherited ones need the (costlier) base-class check.
                if (method.IsSpecialName || method.DeclaringType is null || (method.DeclaringType != controller && (method.DeclaringType == typeof(object) || SmartActionsControllerType.IsBase(method.DeclaringType))))
                {
                    continue;
                }

                // Attributes are read once per method (reading them is most of discovery's cost).
                var attributes = method.GetCustomAttributes(inherit: true);
                var metadata = attributes.OfType<ISmartActionMetadata>().FirstOrDefault();
                if (attributes.Any(a => a is LoadHookAttribute or ChangeHookAttribute or SearchHookAttribute))
                {
                    if (metadata is not null)
                    {
                        errors.Add($"{Display(method)}: a method cannot be both a smart action and a form hook.");
                    }

                    hooks.Add(method);
                    continue;
                }

                if (metadata is null)
                {
                    if (!attributes.Any(a => a is NonActionAttribute))
                    {
                        errors.Add($"{Display(method)}: a public method of a smart actions controller would be an unprotected endpoint. Mark it [SmartAction(\"...\")], mark it [NonAction], or make it non-public.");
                    }

                    continue;
                }

                if (Describe(method, metadata, attributes, collection, byName, errors) is { } action)
                {
                    controllerActions.Add(action);
                }
            }

            FormHookDiscovery.Attach(controller, hooks, controllerActions, errors);
            actions.AddRange(controllerActions);
        }

        CheckDuplicates(actions, errors);
        return actions;
    }

    private static bool IsSmartAction(MethodInfo method) => method.GetCustomAttributes(inherit: true).OfType<ISmartActionMetadata>().Any();

    private static string Display(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";

    private static SmartActionDescriptor? Describe(MethodInfo method, ISmartActionMetadata metadata, object[] attributes, CollectionDescriptor collection, IReadOnlyDictionary<string, CollectionDescriptor> collections, List<string> errors)
    {
        var display = Display(method);
        var errorCount = errors.Count;
        if (string.IsNullOrWhiteSpace(metadata.Name))
        {
            errors.Add($"{display}: the smart action has an empty name. Give it the label users should see.");
            return null;
        }

        var endpoint = metadata.Endpoint ?? "/forest/actions/" + Dasherizer.Dasherize(metadata.Name);
        if (!endpoint.StartsWith('/'))
        {
            errors.Add($"{display}: the endpoint '{endpoint}' must start with '/'. Write it as '/{endpoint}'.");
        }
        else if (endpoint.Contains('{', StringComparison.Ordinal) || endpoint.Contains('?', StringComparison.Ordinal) || endpoint.Contains('#', StringComparison.Ordinal))
        {
            errors.Add($"{display}: the endpoint '{endpoint}' must be a plain path, without route parameters, query or fragment.");
        }

        var httpMethod = (metadata.HttpMethod ?? "POST").ToUpperInvariant();
        if (!AllowedMethods.Contains(httpMethod))
        {
            errors.Add($"{display}: the HTTP method '{metadata.HttpMethod}' is not allowed for a smart action (it changes data, so GET and HEAD are refused). Use POST (the default), PUT, PATCH or DELETE.");
        }

        if (metadata.SubmitButtonLabel is { Length: > 50 })
        {
            errors.Add($"{display}: the submit button label has {metadata.SubmitButtonLabel.Length} characters; 50 at most are allowed.");
        }

        if (attributes.Any(a => a is AllowAnonymousAttribute))
        {
            errors.Add($"{display}: [AllowAnonymous] is not allowed on a smart action; every smart action requires an authenticated user. Remove the attribute.");
        }

        if (method.IsGenericMethodDefinition)
        {
            errors.Add($"{display}: a smart action cannot be a generic method.");
        }

        Type? formType = null;
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(CancellationToken) || type == typeof(ForestUser))
            {
                continue;
            }

            if (type.IsClass && !type.IsAbstract && type != typeof(string) && !type.IsArray && formType is null)
            {
                formType = type;
                continue;
            }

            errors.Add($"{display}: the parameter '{parameter.Name}' of type {type.Name} is not supported. A smart action accepts CancellationToken, ForestUser and one form class; read the selection with Selection.");
        }

        if (formType is not null && attributes.Any(a => a is ActionFieldAttribute))
        {
            errors.Add($"{display}: declare the form either with a form class ({formType.Name}) or with [ActionField] attributes, not both.");
        }

        if (metadata is SmartActionAttribute { Resumable: true, Background: false })
        {
            errors.Add($"{display}: Resumable = true only applies to a background action: add Background = true, or remove Resumable.");
        }

        if (!IsSupportedReturnType(method.ReturnType))
        {
            errors.Add($"{display}: the return type {method.ReturnType.Name} is not supported. Return IActionResult (e.g. Success(\"...\")), Task<IActionResult>, Task or void.");
        }

        var fields = formType is null
            ? FormFieldReader.FromAttributes(attributes, collections, errors, display)
            : FormFieldReader.FromFormClass(formType, collections, errors, display);
        var layout = FormLayoutReader.Read(formType, fields, metadata.Name, display, errors);
        if (errors.Count != errorCount)
        {
            return null;
        }

        return new SmartActionDescriptor
        {
            Id = collection.Name + "-" + Dasherizer.Dasherize(metadata.Name),
            Name = metadata.Name,
            Type = metadata.Type,
            Endpoint = endpoint,
            HttpMethod = httpMethod,
            Download = metadata.Download,
            Background = metadata is SmartActionAttribute { Background: true },
            Resumable = metadata is SmartActionAttribute { Resumable: true },
            Destructive = metadata is SmartActionAttribute { Destructive: true },
            RateLimitPolicy = (metadata as SmartActionAttribute)?.RateLimitPolicy,
            Description = metadata.Description,
            SubmitButtonLabel = metadata.SubmitButtonLabel,
            Collection = collection.Name,
            EntityType = collection.ClrType,
            Method = method,
            Fields = fields,
            FormType = formType,
            Layout = layout,
        };
    }

    private static bool IsSupportedReturnType(Type type)
    {
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask) || typeof(IActionResult).IsAssignableFrom(type))
        {
            return true;
        }

        return type.IsGenericType
            && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            && typeof(IActionResult).IsAssignableFrom(type.GetGenericArguments()[0]);
    }

    private static void CheckDuplicates(List<SmartActionDescriptor> actions, List<string> errors)
    {
        // One pass each, grouped in the order the actions were found, without building a key string per action.
        foreach (var group in Shared(actions, a => (a.Collection, a.Name)))
        {
            errors.Add($"The collection '{group[0].Collection}' declares the action '{group[0].Name}' {group.Count} times ({string.Join(", ", group.Select(a => a.DisplayName))}). Action names must be unique within a collection.");
        }

        foreach (var group in Shared(actions, a => (a.HttpMethod, Path(a))))
        {
            errors.Add($"{string.Join(" and ", group.Select(a => $"{a.DisplayName} ('{a.Name}' on {a.Collection})"))} share the route {group[0].HttpMethod} {group[0].Endpoint}. Set a distinct Endpoint on all but one of them.");
        }

        // Hook routes (<endpoint>/hooks/load and /hooks/change) are POST whatever the action's method: two actions on
        // one path with different methods would share them.
        foreach (var group in Shared(actions, a => (string.Empty, Path(a))).Where(g => g.Exists(a => a.HttpMethod != g[0].HttpMethod)))
        {
            errors.Add($"{string.Join(" and ", group.Select(a => $"{a.DisplayName} ({a.HttpMethod} '{a.Name}' on {a.Collection})"))} share the endpoint {group[0].Endpoint} with different HTTP methods, so their form hook routes {group[0].Endpoint.TrimEnd('/')}/hooks/load and /hooks/change would be ambiguous. Set a distinct Endpoint on all but one of them.");
        }

        foreach (var action in actions.Where(a => ReservedRoutes.Contains(Path(a))))
        {
            errors.Add($"{action.DisplayName}: the endpoint {action.Endpoint} is reserved by Forest.Mvc. Choose another Endpoint.");
        }

        static string Path(SmartActionDescriptor action) => action.Endpoint.TrimEnd('/');
    }

    /// <summary>
    /// The groups of more than one action sharing a key (its first part compared exactly, its second ignoring case),
    /// in the order their first action was found.
    /// </summary>
    private static IEnumerable<List<SmartActionDescriptor>> Shared(List<SmartActionDescriptor> actions, Func<SmartActionDescriptor, (string, string)> key)
    {
        var first = new Dictionary<(string, string), int>(actions.Count, KeyComparer.Instance);
        var groups = new Dictionary<int, List<SmartActionDescriptor>>();
        for (var i = 0; i < actions.Count; i++)
        {
            var shared = key(actions[i]);
            if (!first.TryAdd(shared, i))
            {
                var at = first[shared];
                if (!groups.TryGetValue(at, out var group))
                {
                    groups[at] = group = [actions[at]];
                }

                group.Add(actions[i]);
            }
        }

        return groups.OrderBy(g => g.Key).Select(g => g.Value);
    }

    private sealed class KeyComparer : IEqualityComparer<(string Exact, string AnyCase)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Exact, string AnyCase) x, (string Exact, string AnyCase) y) =>
            string.Equals(x.Exact, y.Exact, StringComparison.Ordinal) && string.Equals(x.AnyCase, y.AnyCase, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Exact, string AnyCase) key) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.Exact), StringComparer.OrdinalIgnoreCase.GetHashCode(key.AnyCase));
    }

    private static readonly HashSet<string> ReservedRoutes = new(["/forest", "/forest/authentication", "/forest/schema", "/forest/healthcheck"], StringComparer.OrdinalIgnoreCase);
}
