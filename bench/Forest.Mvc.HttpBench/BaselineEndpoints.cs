using System.Text.Json;
using Forest.Mvc.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.HttpBench;

/// <summary>
/// What a team would write by hand for the same work, mapped in the Live Demo's own host: the same JwtBearer scheme
/// and secret, the same DbContext and SQLite file. No permission, scope, audit or validation beyond the JSON shape.
/// </summary>
internal sealed class BaselineEndpoints : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map("/baseline", baseline => baseline.Run(HandleAsync));
        next(app);
    };

    private static async Task HandleAsync(HttpContext http)
    {
        var auth = await http.AuthenticateAsync(ForestAuthenticationDefaults.Scheme);
        if (!auth.Succeeded)
        {
            http.Response.StatusCode = 401;
            return;
        }

        var db = http.RequestServices.GetRequiredService<LiveDemoContext>();
        var path = http.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(http.Request.Method) && path == "/actions/mark-as-live")
        {
            await MarkAsLiveAsync(http, db);
        }
        else if (HttpMethods.IsPost(http.Request.Method) && path == "/actions/validate")
        {
            await ValidateAsync(http, db);
        }
        else if (path == "/companies/count")
        {
            await http.Response.WriteAsJsonAsync(new { count = await db.Companies.CountAsync(http.RequestAborted) });
        }
        else if (path == "/companies")
        {
            var page = await db.Companies.AsNoTracking().OrderBy(c => c.Id).Take(15).ToListAsync(http.RequestAborted);
            await http.Response.WriteAsJsonAsync(new { data = page });
        }
        else if (path.StartsWith("/companies/", StringComparison.Ordinal) && int.TryParse(path["/companies/".Length..], out var id))
        {
            var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
            if (company is null)
            {
                http.Response.StatusCode = 404;
                return;
            }

            await http.Response.WriteAsJsonAsync(new { data = company });
        }
        else
        {
            http.Response.StatusCode = 404;
        }
    }

    /// <summary>The accountant's "Validate": allowed only on a transaction still to validate (a permission condition).</summary>
    private static async Task ValidateAsync(HttpContext http, LiveDemoContext db)
    {
        var id = long.Parse(await FirstIdAsync(http));
        var transaction = await db.Transactions.FirstOrDefaultAsync(t => t.Id == id, http.RequestAborted);
        if (transaction is null)
        {
            http.Response.StatusCode = 404;
            return;
        }

        if (transaction.Status != "to_validate")
        {
            http.Response.StatusCode = 403;
            await http.Response.WriteAsJsonAsync(new { errors = new[] { new { status = 403, detail = "You don't have permission to trigger this action.", name = "CustomActionTriggerForbiddenError" } } });
            return;
        }

        transaction.Status = "validated";
        await db.SaveChangesAsync(http.RequestAborted);
        http.Response.StatusCode = 204;
    }

    private static async Task MarkAsLiveAsync(HttpContext http, LiveDemoContext db)
    {
        var id = int.Parse(await FirstIdAsync(http));
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (company is null)
        {
            http.Response.StatusCode = 404;
            return;
        }

        if (company.Status == CompanyStatus.Live)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { error = "The company was already live!" });
            return;
        }

        company.Status = CompanyStatus.Live;
        await db.SaveChangesAsync(http.RequestAborted);
        await http.Response.WriteAsJsonAsync(new { success = "Company is now live!" });
    }

    private static async Task<string> FirstIdAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        return body.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("ids")[0].GetString()!;
    }
}
