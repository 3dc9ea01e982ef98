using Microsoft.AspNetCore.Builder;
using SampleApp.Services;

namespace Forest.Mvc.Tests.SampleApp;

/// <summary>The Live Demo runs with one command: it makes and keeps its own token secret when none is configured.</summary>
[TestFixture]
public sealed class LiveDemoSecretTests
{
    [Test]
    public void EnsureConfigured_GeneratesOnce_AndReusesTheSecret()
    {
        var directory = Directory.CreateTempSubdirectory("forest-secret-").FullName;
        try
        {
            var first = WebApplication.CreateBuilder();
            first.Configuration["FOREST_AUTH_SECRET"] = null;
            LiveDemoSecret.EnsureConfigured(first, directory);
            var second = WebApplication.CreateBuilder();
            second.Configuration["FOREST_AUTH_SECRET"] = null;
            LiveDemoSecret.EnsureConfigured(second, directory);

            var secret = first.Configuration["Forest:AuthSecret"];
            Assert.That(secret, Is.Not.Null.And.Length.GreaterThanOrEqualTo(44), "48 random bytes, base64");
            Assert.That(second.Configuration["Forest:AuthSecret"], Is.EqualTo(secret));
            Assert.That(File.GetUnixFileMode(Path.Combine(directory, "forest-auth-secret")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void EnsureConfigured_KeepsAConfiguredSecret()
    {
        var directory = Directory.CreateTempSubdirectory("forest-secret-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Forest:AuthSecret"] = "configured-secret-configured-secret-123";

        LiveDemoSecret.EnsureConfigured(builder, directory);

        Assert.That(builder.Configuration["Forest:AuthSecret"], Is.EqualTo("configured-secret-configured-secret-123"));
        Assert.That(Directory.GetFiles(directory), Is.Empty);
        Directory.Delete(directory);
    }
}
