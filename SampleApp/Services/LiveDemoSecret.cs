using System.Security.Cryptography;

namespace SampleApp.Services;

/// <summary>
/// The Live Demo runs with one command: when no token secret is configured (FOREST_AUTH_SECRET or
/// Forest:AuthSecret), it generates one on first start and keeps it in App_Data so tokens survive restarts.
/// A real application configures its own secret instead.
/// </summary>
public static class LiveDemoSecret
{
    public static void EnsureConfigured(WebApplicationBuilder builder, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["FOREST_AUTH_SECRET"]) || !string.IsNullOrEmpty(builder.Configuration["Forest:AuthSecret"])
            || !string.IsNullOrEmpty(builder.Configuration["Forest:AuthSecrets:0"]))
        {
            return;
        }

        var path = Path.Combine(dataDirectory, "forest-auth-secret");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        builder.Configuration["Forest:AuthSecret"] = File.ReadAllText(path).Trim();
    }
}
