using System.Text;
using Forest.Mvc.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Forest.Mvc.Security;

/// <summary>Configures the JwtBearer handler of the Forest scheme from <see cref="ForestOptions"/>.</summary>
internal sealed class JwtBearerSetup(IOptions<ForestOptions> forest) : IConfigureNamedOptions<JwtBearerOptions>
{
    public static SymmetricSecurityKey SigningKey(string secret) => new(Encoding.UTF8.GetBytes(secret));

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != ForestAuthenticationDefaults.Scheme)
        {
            return;
        }

        options.MapInboundClaims = false;
        options.SaveToken = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = forest.Value.ValidationSecrets.Select(SigningKey).ToList(),
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "email",
            RoleClaimType = "role",
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // The cookie is only read for safe methods (browser navigations such as downloads): a
                // state-changing route always needs the Authorization header, which a cross-site form cannot send.
                var request = context.Request;
                if (string.IsNullOrEmpty(request.Headers.Authorization)
                    && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                    && request.Cookies.TryGetValue(ForestAuthenticationDefaults.CookieName, out var token))
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
