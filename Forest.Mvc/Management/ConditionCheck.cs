using System.Linq.Expressions;
using Forest.Mvc.Errors;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Management;

/// <summary>Checks a condition tree before it is stored: valid JSON, known placeholders, fields and operators of the collection.</summary>
internal static class ConditionCheck
{
    private static readonly ForestUser Sample = new()
    {
        Id = "1",
        Email = "sample@example.com",
        Team = "Team",
        Role = "Role",
        Tags = new Dictionary<string, string>(),
    };

    public static void Ensure(ForestRegistry registry, string collection, string? condition, string what)
    {
        if (condition is null || collection == "*")
        {
            return;
        }

        var target = registry.FindCollection(collection) ?? throw ForestRequestException.BadRequest($"{what}: '{collection}' is not a collection.");
        try
        {
            if (ConditionPlaceholders.Parse(condition, Sample) is { } tree)
            {
                new FilterTranslator(registry, TimeZoneInfo.Utc, DateTime.UtcNow).Translate(tree, target, Expression.Parameter(target.ClrType, "record"));
            }
        }
        catch (ForestRequestException exception)
        {
            throw ForestRequestException.BadRequest($"{what}: {exception.Message}");
        }
    }
}
