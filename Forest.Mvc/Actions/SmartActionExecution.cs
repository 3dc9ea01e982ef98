using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Actions;

/// <summary>The state of one smart action call, built by the pipeline before the action method runs.</summary>
internal sealed record SmartActionExecution
{
    public required SmartActionDescriptor Action { get; init; }

    public required CollectionDescriptor Collection { get; init; }

    public required SmartActionRequest Request { get; init; }

    public required ForestUser User { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required SmartActionValues Values { get; init; }

    /// <summary>A <see cref="RecordsSelection{TEntity}"/> of the collection's entity.</summary>
    public required IPreparedSelection Selection { get; init; }

    /// <summary>The bound and validated form, for actions taking a form class.</summary>
    public object? Form { get; init; }

    /// <summary>When an approved request runs: who asked for it.</summary>
    public ApprovalInfo? Approval { get; init; }

    public static SmartActionExecution? Find(HttpContext context) => context.Features.Get<SmartActionExecution>();

    public static SmartActionExecution Get(HttpContext context) => Find(context)
        ?? throw new InvalidOperationException("The smart action pipeline did not run for this request: smart actions must be called through their route.");
}
