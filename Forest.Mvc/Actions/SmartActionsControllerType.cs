namespace Forest.Mvc.Actions;

/// <summary>
/// Marks <see cref="SmartActionsController{TEntity}"/> for discovery, which reads controllers without naming the
/// controller base itself (it lives with the invocation it reads).
/// </summary>
/// <typeparam name="TEntity">The EF Core entity of the collection.</typeparam>
internal interface ISmartActionsController<TEntity>
    where TEntity : class;

/// <summary>Recognises <see cref="SmartActionsController{TEntity}"/> and its entity type.</summary>
internal static class SmartActionsControllerType
{
    /// <summary>Whether <paramref name="type"/> is the controller base itself (<c>SmartActionsController&lt;T&gt;</c>), not a controller of the application.</summary>
    public static bool IsBase(Type type) =>
        type.IsGenericType && type.IsAbstract && type.GetInterfaces().Any(IsMarker) && type.BaseType == typeof(object);

    /// <summary>The <c>TEntity</c> of a controller deriving from <see cref="SmartActionsController{TEntity}"/>, else <see langword="null"/>.</summary>
    public static Type? EntityTypeOf(Type controller) =>
        controller.GetInterfaces().FirstOrDefault(IsMarker)?.GetGenericArguments()[0];

    private static bool IsMarker(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ISmartActionsController<>);
}
