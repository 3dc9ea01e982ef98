using Forest.Mvc.Errors;
using Microsoft.AspNetCore.Identity;

namespace Forest.Mvc.Security;

/// <summary>
/// Checks a new password against ASP.NET Core Identity's <see cref="PasswordOptions"/> (<c>Forest:Password</c>):
/// by default at least 12 characters, without composition rules (length matters more than symbols). Every failed
/// rule is listed in one 400.
/// </summary>
internal static class PasswordPolicy
{
    public static void Ensure(string? password, PasswordOptions options)
    {
        var failures = new List<string>();
        password ??= "";
        if (password.Length < options.RequiredLength)
        {
            failures.Add($"at least {options.RequiredLength} characters");
        }

        if (password.Distinct().Count() < options.RequiredUniqueChars)
        {
            failures.Add($"at least {options.RequiredUniqueChars} different characters");
        }

        if (options.RequireDigit && !password.Any(char.IsDigit))
        {
            failures.Add("a digit");
        }

        if (options.RequireLowercase && !password.Any(char.IsLower))
        {
            failures.Add("a lowercase letter");
        }

        if (options.RequireUppercase && !password.Any(char.IsUpper))
        {
            failures.Add("an uppercase letter");
        }

        if (options.RequireNonAlphanumeric && password.All(char.IsLetterOrDigit))
        {
            failures.Add("a character that is neither a letter nor a digit");
        }

        if (failures.Count > 0)
        {
            throw ForestRequestException.BadRequest($"password: the password needs {string.Join(", ", failures)} (Forest:Password).");
        }
    }
}
