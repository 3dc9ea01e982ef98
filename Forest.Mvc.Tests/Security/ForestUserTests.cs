using System.Security.Claims;
using Forest.Mvc.Security;

namespace Forest.Mvc.Tests.Security;

/// <summary>The user is read leniently from the token claims, whatever agent style produced them.</summary>
[TestFixture]
public sealed class ForestUserTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Test]
    public void FromClaims_ReadsCamelCaseClaims_AndTagsAsObject()
    {
        var user = ForestUser.FromClaims(Principal(("id", "172"), ("email", "a@b.c"), ("firstName", "Angelica"), ("lastName", "Bengtsson"),
            ("team", "Pole Vault"), ("role", "Manager"), ("renderingId", "4998"), ("tags", "{\"country\":\"Canada\"}")))!;

        Assert.That(user, Is.EqualTo(user with { })); // value semantics
        Assert.Multiple(() =>
        {
            Assert.That(user.Id, Is.EqualTo("172"));
            Assert.That(user.FullName, Is.EqualTo("Angelica Bengtsson"));
            Assert.That(user.Team, Is.EqualTo("Pole Vault"));
            Assert.That(user.RenderingId, Is.EqualTo("4998"));
            Assert.That(user.Tags["country"], Is.EqualTo("Canada"));
        });
    }

    [Test]
    public void FromClaims_ReadsSnakeCaseClaims_AndTagsAsKeyValueList()
    {
        var user = ForestUser.FromClaims(Principal(("id", "7"), ("first_name", "Jo"), ("last_name", "Do"), ("rendering_id", "3"),
            ("permission_level", "admin"), ("tags", "{\"key\":\"country\",\"value\":\"France\"}"), ("tags", "{\"key\":\"tier\",\"value\":2}")))!;

        Assert.Multiple(() =>
        {
            Assert.That(user.FullName, Is.EqualTo("Jo Do"));
            Assert.That(user.PermissionLevel, Is.EqualTo("admin"));
            Assert.That(user.Tags, Is.EquivalentTo(new Dictionary<string, string> { ["country"] = "France", ["tier"] = "2" }));
        });
    }

    [Test]
    public void FromClaims_WithoutId_IsNull()
    {
        Assert.That(ForestUser.FromClaims(Principal(("email", "a@b.c"))), Is.Null);
    }
}
