namespace Forest.Mvc;

/// <summary>
/// Routes an add-on adds under <c>/forest</c> (behind the user check, or behind the one that also records a refused
/// token) or beside it with their own authentication; <c>MapForest()</c> maps every registered contribution, and its
/// conventions reach them. An add-on package registers one as a singleton:
/// <c>services.AddSingleton(new ForestRouteContribution { Secured = group =&gt; group.MapGet("/things", …) })</c>.
/// </summary>
public sealed class ForestRouteContribution
{
    /// <summary>Routes behind the signed-in user check.</summary>
    public Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? Secured { get; init; }

    /// <summary>Routes behind the user check that also records a missing or refused token as a security event.</summary>
    public Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? Audited { get; init; }

    /// <summary>Routes outside <c>/forest</c>'s group, with their own authentication; they answer the builders that conventions reach.</summary>
    public Func<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, IEnumerable<Microsoft.AspNetCore.Builder.IEndpointConventionBuilder>>? Outside { get; init; }
}
