namespace Forest.Mvc.Security;

/// <summary>Names used by Forest.Mvc's authentication.</summary>
public static class ForestAuthenticationDefaults
{
    /// <summary>The authentication scheme (JWT bearer) that validates Forest data tokens.</summary>
    public const string Scheme = "Forest";

    /// <summary>The cookie that may carry the token on GET routes (browser navigations such as downloads).</summary>
    public const string CookieName = "forest_session_token";

    /// <summary>The environment variable that holds the signing secret.</summary>
    public const string SecretVariable = "FOREST_AUTH_SECRET";

    /// <summary>The claim holding the security stamp in tokens issued for store users.</summary>
    internal const string StampClaim = "stamp";
}
