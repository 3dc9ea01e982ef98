using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Actions;

/// <summary>
/// The background jobs a user may list, for the features that show them without owning them (the MCP tool
/// <c>list_my_jobs</c>): the jobs add-on registers its list; without it, <see cref="NoJobList"/>.
/// </summary>
internal interface IJobList
{
    /// <summary>Whether background jobs exist in this application (the jobs add-on is registered).</summary>
    bool IsAvailable { get; }

    /// <summary>The jobs <paramref name="user"/> may list, as <c>GET /forest/jobs</c> answers them for <paramref name="query"/>.</summary>
    /// <param name="services">The request's services.</param>
    /// <param name="user">The caller.</param>
    /// <param name="query">The list's parameters (<c>filter</c>, <c>status</c>, <c>action</c>, <c>page[…]</c>).</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    Task<JsonObject> ListAsync(IServiceProvider services, ForestUser user, IQueryCollection query, CancellationToken cancellationToken);
}

/// <summary>No jobs add-on: nothing to list.</summary>
internal sealed class NoJobList : IJobList
{
    public bool IsAvailable => false;

    public Task<JsonObject> ListAsync(IServiceProvider services, ForestUser user, IQueryCollection query, CancellationToken cancellationToken) =>
        throw new ForestRequestException(501, "NotImplementedError", "Background jobs: this application does not register them (the package Forest.Mvc.Jobs and AddBackgroundJobs()).");
}
