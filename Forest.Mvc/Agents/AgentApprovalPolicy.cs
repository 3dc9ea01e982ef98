using Forest.Mvc.Invocation;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Agents;

/// <summary>
/// An AI agent's bulk call on more than <see cref="ForestMcpOptions.MaxRecordsWithoutApproval"/> records waits for a
/// human, even for a role that may trigger the action directly (registered with the approval gate by the agent gateway).
/// </summary>
internal sealed class AgentApprovalPolicy(IOptions<ForestOptions> options) : Approvals.IApprovalPolicy
{
    public async Task<string?> HoldAsync(SmartActionInvocation invocation)
    {
        var action = invocation.Action;
        if (invocation.Agent is not { } agent || action.Type != ActionType.Bulk)
        {
            return null;
        }

        var limit = options.Value.Mcp.MaxRecordsWithoutApproval;
        var selection = invocation.Selection;
        var count = selection.KnownCount ?? (await selection.CountAsync([], invocation.CancellationToken).ConfigureAwait(false)).Selected;
        return count > limit
            ? $"Over {agent.Source.ToUpperInvariant()}, '{action.Name}' on more than {limit} records needs an approval, and no role may approve it: run it from the console."
            : null;
    }
}
