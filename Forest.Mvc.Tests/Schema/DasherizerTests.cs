using Forest.Mvc.Schema;

namespace Forest.Mvc.Tests.Schema;

/// <summary>Default endpoints follow the v1 agents' parameterize rule exactly.</summary>
[TestFixture]
public sealed class DasherizerTests
{
    [TestCase("Mark as Live", "mark-as-live")]
    [TestCase("Charge credit card", "charge-credit-card")]
    [TestCase("Donald E. Knuth", "donald-e-knuth")]
    [TestCase("Allow_Under_Scores", "allow_under_scores")]
    [TestCase("Trailing bad characters!@#", "trailing-bad-characters")]
    [TestCase("Test with + sign", "test-with-sign")]
    [TestCase("  Envoyer la facture à l'été  ", "envoyer-la-facture-a-l-ete")]
    [TestCase("!Leading", "leading")]
    [TestCase("a -- b -- c", "a-b----c")] // only the first run of dashes collapses, as in the reference
    [TestCase("Say 你好", "say")]
    public void Dasherize_FollowsTheReferenceAlgorithm(string name, string expected)
    {
        Assert.That(Dasherizer.Dasherize(name), Is.EqualTo(expected));
    }
}
