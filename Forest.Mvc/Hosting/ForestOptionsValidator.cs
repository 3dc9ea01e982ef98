using System.Text;
using Forest.Mvc.Security;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Hosting;

/// <summary>Checks <see cref="ForestOptions"/> at startup and lists every problem.</summary>
internal sealed class ForestOptionsValidator : IValidateOptions<ForestOptions>
{
    public ValidateOptionsResult Validate(string? name, ForestOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.SigningSecret))
        {
            failures.Add($"Forest:AuthSecret (or the {ForestAuthenticationDefaults.SecretVariable} environment variable, or Forest:AuthSecrets) is required: a random secret of at least 32 bytes that signs user tokens.");
        }

        foreach (var (secret, index) in options.ValidationSecrets.Select((s, i) => (s, i)).Where(s => Encoding.UTF8.GetByteCount(s.s) < 32))
        {
            var setting = secret == options.AuthSecret ? "Forest:AuthSecret" : $"Forest:AuthSecrets ({(index == 0 ? "the signing secret" : $"secret {index + 1}")})";
            failures.Add($"{setting} is {Encoding.UTF8.GetByteCount(secret)} bytes long; at least 32 bytes are required for HS256.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Forest:TokenLifetime must be positive.");
        }

        if (options.MaxIdsPerRequest < 1)
        {
            failures.Add("Forest:MaxIdsPerRequest must be at least 1.");
        }

        if (options.MaxExcludedIds < 0 || options.MaxFilterConditions < 1 || options.MaxFilterValues < 1)
        {
            failures.Add("Forest:MaxExcludedIds must be at least 0, Forest:MaxFilterConditions and Forest:MaxFilterValues at least 1.");
        }

        if (options.DatabaseTimeout < TimeSpan.FromSeconds(1) || options.ActionDatabaseTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add("Forest:DatabaseTimeout and Forest:ActionDatabaseTimeout must be at least one second.");
        }

        if (options.Login.MaxAttemptsPerAddress < 1 || options.Login.MaxFailures < 1
            || options.Login.AddressWindow <= TimeSpan.Zero || options.Login.FailureWindow <= TimeSpan.Zero || options.Login.LockoutDuration <= TimeSpan.Zero)
        {
            failures.Add("Forest:Login: MaxAttemptsPerAddress and MaxFailures must be at least 1, AddressWindow, FailureWindow and LockoutDuration positive.");
        }

        if (options.MaxActionBodyBytes < 1024)
        {
            failures.Add("Forest:MaxActionBodyBytes must be at least 1024.");
        }

        if (!string.Equals(options.Environment, "Production", StringComparison.OrdinalIgnoreCase) && !options.IsDevelopment)
        {
            failures.Add($"Forest:Environment is '{options.Environment}'; use Production (permissions enforced) or Development (not enforced).");
        }

        if (options.ApprovalLifetime <= TimeSpan.Zero || options.MaxRecordsForApproval < 1)
        {
            failures.Add("Forest:ApprovalLifetime must be positive and Forest:MaxRecordsForApproval at least 1.");
        }

        if (options.MaxFileBytes < 1)
        {
            failures.Add("Forest:MaxFileBytes must be at least 1.");
        }

        if (options.DefaultPageSize < 1 || options.MaxPageSize < options.DefaultPageSize)
        {
            failures.Add("Forest:DefaultPageSize must be at least 1 and Forest:MaxPageSize at least DefaultPageSize.");
        }

        foreach (var origin in options.CorsOrigins.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out _)))
        {
            failures.Add($"Forest:CorsOrigins holds '{origin}', which is not an absolute origin such as https://admin.example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
