using Forest.Mvc.Errors;
using Forest.Mvc.Forms;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using HttpResults = Microsoft.AspNetCore.Http.Results;
using Forest.Mvc.Hosting;
using Forest.Mvc.Configuration;
using Forest.Mvc.Discovery;
using Forest.Mvc.Http;

namespace Forest.Mvc;

/// <summary>Maps Forest.Mvc's routes.</summary>
public static class ForestEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the smart actions (discovered on <c>SmartActionsController&lt;T&gt;</c> controllers) and the Forest
    /// routes under <c>/forest</c>: <c>schema</c>, <c>authentication</c> and the read routes. Wrong smart action
    /// declarations stop the application here, with every error listed.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>
    /// One convention builder for every endpoint the library adds: the smart actions, their form hooks, the
    /// <c>/forest</c> routes (records, approvals, management, activity) and the console. A convention such as
    /// <c>.RequireAuthorization(...)</c> or <c>.RequireCors(...)</c> reaches all of them, and none of your own.
    /// </returns>
    public static IEndpointConventionBuilder MapForest(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ForestSetup>() is null)
        {
            throw new InvalidOperationException("Forest.Mvc's services are missing: call builder.Services.AddForest() before app.MapForest().");
        }

        var registry = endpoints.ServiceProvider.GetRequiredService<ForestRegistry>();
        ForestEnvironmentCheck.Run(endpoints.ServiceProvider);
        CheckRateLimitPolicies(registry, endpoints.ServiceProvider.GetRequiredService<IOptions<ForestOptions>>().Value);
        var cors = endpoints.ServiceProvider.GetRequiredService<IOptions<ForestOptions>>().Value.CorsOrigins.Count > 0;
        var controllers = endpoints.MapControllers();
        var console = Console.ConsoleEndpoints.Map(endpoints, endpoints.ServiceProvider.GetRequiredService<ForestSetup>().Features);
        var contributions = endpoints.ServiceProvider.GetServices<ForestRouteContribution>().ToList();
        var outside = contributions.SelectMany(c => c.Outside?.Invoke(endpoints) ?? []).ToList();
        var health = Diagnostics.ForestHealth.Map(endpoints, endpoints.ServiceProvider.GetRequiredService<IOptions<ForestOptions>>().Value.HealthPath);

        var group = endpoints.MapGroup("/forest");
        if (cors)
        {
            // Needs app.UseCors(), as any CORS policy (actions and their hooks carry the policy from discovery).
            group.RequireCors(ForestCors.PolicyName);
        }

        group.AddEndpointFilter(ForestErrorsFilter);

        var open = group.MapGroup("");
        open.MapGet("/", () => HttpResults.NoContent()).ExcludeFromDescription();
        open.MapGet("/healthcheck", () => HttpResults.NoContent()).ExcludeFromDescription();
        AuthenticationEndpoints.Map(open);

        var secured = group.MapGroup("");
        secured.AddEndpointFilter(RequireUserFilter);
        secured.ExcludeFromDescription();
        secured.MapGet("/schema", (SchemaDocument schema) => HttpResults.Bytes(schema.Bytes, "application/json; charset=utf-8"));
        Approvals.ApprovalEndpoints.Map(secured);
        Activity.ActivityEndpoints.Map(secured);
        Console.ConsoleDataEndpoints.Map(secured);

        // The management and job routes also record a missing or invalid token as a security event.
        var audited = group.MapGroup("");
        audited.AddEndpointFilter(RequireUserAuditedFilter);
        audited.ExcludeFromDescription();
        Management.ManagementEndpoints.Map(audited);
        foreach (var contribution in contributions)
        {
            contribution.Secured?.Invoke(secured);
            contribution.Audited?.Invoke(audited);
        }

        Http.ActionStateEndpoints.Map(secured);
        CapabilitiesEndpoints.Map(secured);
        CsvExportEndpoints.Map(secured);
        RecordsEndpoints.Map(secured);

        // Anything else under /forest is a JSON 404, whatever the method (never an empty 405).
        open.Map("/{**path}", (string? path) => HttpResults.Json(
                new ForestErrorWriter.ErrorDocument([new(404, $"No Forest route matches /forest/{path}.", ForestErrorNames.NotFound, null)]),
                ForestJson.Options,
                statusCode: 404))
            .ExcludeFromDescription();
        return new ForestEndpointConventionBuilder([group, .. console is null ? [] : new[] { console }, .. health is null ? [] : new[] { health }, .. outside], controllers);
    }

    /// <summary>An action naming a rate limit policy that is not configured stops the startup (it would run unlimited).</summary>
    private static void CheckRateLimitPolicies(ForestRegistry registry, ForestOptions options)
    {
        var missing = registry.Actions.Where(a => a.RateLimitPolicy is { } policy && !options.RateLimits.ContainsKey(policy)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", missing.Select(a =>
                $"The smart action '{a.Name}' ({a.Collection}) names the rate limit policy '{a.RateLimitPolicy}', which Forest:RateLimits does not define (set Forest:RateLimits:{a.RateLimitPolicy}:PermitLimit and :Window).")));
        }
    }

    private static async ValueTask<object?> ForestErrorsFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (ForestErrorBoundary.IsHandled(context.HttpContext, exception))
        {
            await ForestErrorBoundary.RespondAsync(context.HttpContext, exception).ConfigureAwait(false);
            return HttpResults.Empty;
        }
    }

    private static async ValueTask<object?> RequireUserFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await ForestAuthenticator.AuthenticateAsync(context.HttpContext).ConfigureAwait(false);
        return await next(context).ConfigureAwait(false);
    }

    private static async ValueTask<object?> RequireUserAuditedFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await ForestAuthenticator.AuthenticateAsync(context.HttpContext).ConfigureAwait(false);
        }
        catch (ForestRequestException exception)
        {
            await SecurityEvents.RecordRefusalAsync(context.HttpContext, exception).ConfigureAwait(false);
            throw;
        }

        return await next(context).ConfigureAwait(false);
    }
}
