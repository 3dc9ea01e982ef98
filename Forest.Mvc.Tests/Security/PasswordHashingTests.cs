using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Tests.Security;

/// <summary>
/// Passwords are hashed by the hasher in DI, whose cost follows Identity's <c>PasswordHasherOptions</c>: the seeded
/// users and the users created through the management API carry the configured cost, and log in with it.
/// </summary>
[TestFixture]
public sealed class PasswordHashingTests : LiveDemoFixture
{
    /// <summary>The PBKDF2 rounds written in an Identity V3 hash (format byte, PRF, rounds, salt size: big-endian).</summary>
    private static int Rounds(string hash) => BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    [Test]
    public async Task SeededAndCreatedUsers_AreHashedWithTheConfiguredCost_AndLogIn()
    {
        var created = await Api.Client.PostAsJsonAsync("/forest/management/users", new
        {
            email = "hashing@forest.demo",
            password = "a-long-enough-password",
            firstName = "Hash",
            lastName = "Ing",
            role = "Viewer",
            team = "Operations",
        });
        using var client = Factory.CreateClient();
        var login = await client.PostAsJsonAsync("/forest/authentication", new { email = "hashing@forest.demo", password = "a-long-enough-password" });

        var hashes = await Factory.WithStoreAsync(store => store.Users.ToDictionaryAsync(u => u.Email, u => u.PasswordHash));
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Rounds(hashes["admin@forest.demo"]), Is.EqualTo(LiveDemoFactory.TestIterations), "seeded at start");
            Assert.That(Rounds(hashes["hashing@forest.demo"]), Is.EqualTo(LiveDemoFactory.TestIterations), "created through the management API");
        });
    }
}
