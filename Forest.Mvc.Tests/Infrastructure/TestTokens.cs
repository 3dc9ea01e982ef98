using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>Builds Forest data tokens by hand, good ones and forged ones.</summary>
public static class TestTokens
{
    public static Dictionary<string, object> Claims() => new()
    {
        ["id"] = 172,
        ["email"] = "angelicabengtsson@doha2019.com",
        ["firstName"] = "Angelica",
        ["lastName"] = "Bengtsson",
        ["team"] = "Pole Vault",
        ["role"] = "Manager",
        ["tags"] = new[] { new Dictionary<string, string> { ["key"] = "country", ["value"] = "Canada" } },
        ["renderingId"] = "4998",
    };

    public static string Sign(IDictionary<string, object>? claims = null, string secret = LiveDemoFactory.Secret, DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims ?? Claims(),
            IssuedAt = expiry.AddHours(-1),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) carrying valid-looking claims.</summary>
    public static string WithoutSignature()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"id\":\"1\",\"email\":\"a@b.c\",\"exp\":{exp}}}")}.";
    }
}
