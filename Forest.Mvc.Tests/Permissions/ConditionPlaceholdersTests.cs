using System.Collections.Concurrent;
using Forest.Mvc.Permissions;
using Forest.Mvc.Records;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>
/// Scopes and conditions are parsed once per rules version and user values: a second request of the same user reads
/// the parsed tree, and a user whose values differ (a tag, the team, the email…) never gets another user's tree.
/// </summary>
[TestFixture]
public sealed class ConditionPlaceholdersTests
{
    private const string ByCity = """{"field":"headquarter","operator":"equal","value":"{{currentUser.tags.city}}"}""";

    private static ForestUser User(string id, string city, string team = "Finance") => new()
    {
        Id = id,
        Email = $"user{id}@forest.demo",
        Team = team,
        Tags = new Dictionary<string, string> { ["city"] = city },
    };

    private static string ValueOf(ConditionNode? node) => ((ConditionLeaf)node!).Value.GetString()!;

    [Test]
    public void TheSameUser_ReadsTheTreeParsedForThem_OthersGetTheirOwn()
    {
        var cache = new ConcurrentDictionary<string, ConditionNode?>(StringComparer.Ordinal);
        var paris = User("1", "Paris");

        var first = ConditionPlaceholders.Parse(ByCity, paris, cache);
        var again = ConditionPlaceholders.Parse(ByCity, paris with { }, cache);
        var lyon = ConditionPlaceholders.Parse(ByCity, User("2", "Lyon"), cache);
        var sameCityOtherUser = ConditionPlaceholders.Parse(ByCity, User("3", "Paris"), cache);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.SameAs(first), "read from the cache");
            Assert.That(ValueOf(first), Is.EqualTo("Paris"));
            Assert.That(ValueOf(lyon), Is.EqualTo("Lyon"));
            Assert.That(ValueOf(sameCityOtherUser), Is.EqualTo("Paris"));
            Assert.That(cache, Has.Count.EqualTo(3), "one entry per user's values");
        });
    }

    [Test]
    public void ValuesThatCouldRunTogether_AreKeptApart()
    {
        // "ab" + "c" and "a" + "bc" must not give the same key.
        var cache = new ConcurrentDictionary<string, ConditionNode?>(StringComparer.Ordinal);
        const string ByTeam = """{"field":"headquarter","operator":"equal","value":"{{currentUser.team}}"}""";
        var one = ConditionPlaceholders.Parse(ByTeam, new ForestUser { Id = "ab", Team = "c" }, cache);
        var two = ConditionPlaceholders.Parse(ByTeam, new ForestUser { Id = "a", Team = "bc" }, cache);

        Assert.That((ValueOf(one), ValueOf(two)), Is.EqualTo(("c", "bc")));
    }

    [Test]
    public void AConditionWithoutPlaceholders_IsParsedOnce_ForEveryone()
    {
        var cache = new ConcurrentDictionary<string, ConditionNode?>(StringComparer.Ordinal);
        const string Live = """{"field":"status","operator":"equal","value":"live"}""";

        var first = ConditionPlaceholders.Parse(Live, User("1", "Paris"), cache);
        var second = ConditionPlaceholders.Parse(Live, User("2", "Lyon"), cache);

        Assert.That(second, Is.SameAs(first));
    }
}
