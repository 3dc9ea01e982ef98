using Forest.Mvc.Hosting;

namespace Forest.Mvc;

/// <summary>
/// Settings of Forest.Mvc, bound from the configuration section <c>Forest</c> and then from the delegate given
/// to <c>AddForest</c>. They are validated when the application starts; every problem is listed at once.
/// </summary>
public sealed class ForestOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Forest";

    /// <summary>
    /// The HS256 secret that signs and verifies user tokens, at least 32 bytes. The environment variable
    /// <c>FOREST_AUTH_SECRET</c> takes precedence over <c>Forest:AuthSecret</c>.
    /// </summary>
    /// <value>Required; no default.</value>
    public string? AuthSecret { get; set; }

    /// <summary>
    /// More secrets for key rotation (<c>Forest:AuthSecrets:0</c>, <c>:1</c>…): tokens signed with any of them, or with
    /// <see cref="AuthSecret"/>, are accepted. New tokens are signed with <see cref="AuthSecret"/>, or, when it is not
    /// set, with the first of this list. To rotate: put the new secret first and the old one second, then remove the
    /// old one once every token it signed has expired (<see cref="TokenLifetime"/>).
    /// </summary>
    /// <value>Defaults to none.</value>
    public IList<string> AuthSecrets { get; } = [];

    /// <summary>The secret that signs new tokens.</summary>
    internal string SigningSecret => string.IsNullOrEmpty(AuthSecret) ? AuthSecrets.FirstOrDefault() ?? "" : AuthSecret;

    /// <summary>Every secret that validates tokens, the signing one first.</summary>
    internal IEnumerable<string> ValidationSecrets => new[] { SigningSecret }.Concat(AuthSecrets).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// <c>Production</c> (default) enforces roles, permissions, scopes and approvals; <c>Development</c> enforces
    /// none of them, like Forest's development environments. Development is refused when the host runs in
    /// Production, and logs a warning at startup.
    /// </summary>
    /// <value>Defaults to <c>Production</c>.</value>
    public string Environment { get; set; } = "Production";

    /// <summary>How long an approval request waits for a decision before it expires.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan ApprovalLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest "select all" that can be sent for approval (its ids are stored with the request).</summary>
    /// <value>Defaults to 500, like Forest.</value>
    public int MaxRecordsForApproval { get; set; } = 500;

    internal bool IsDevelopment => string.Equals(Environment, "Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The rules of passwords set through the management API (ASP.NET Core Identity's options, section
    /// <c>Forest:Password</c>). Users seeded from code or configuration are not checked.
    /// </summary>
    /// <value>Defaults to at least 12 characters, with no composition rule.</value>
    public Microsoft.AspNetCore.Identity.PasswordOptions Password { get; } = new()
    {
        RequiredLength = 12,
        RequiredUniqueChars = 1,
        RequireDigit = false,
        RequireLowercase = false,
        RequireUppercase = false,
        RequireNonAlphanumeric = false,
    };

    /// <summary>
    /// How often an instance reads the store's rules version (roles, permissions, settings, scopes, users, sessions)
    /// to see a change made by another instance. A change made on this instance applies at its next request whatever
    /// the interval. Zero: every request reads it.
    /// </summary>
    /// <value>
    /// When not set: on PostgreSQL, 5 s, a safety net only (changes are announced with <c>NOTIFY</c> and heard at
    /// once by every instance; while an instance's listening connection is lost, it reads the version at every
    /// request); on the other engines, 1 s (a change made on another instance applies within a second).
    /// </value>
    public TimeSpan? RulesCheckInterval { get; set; }

    /// <summary>The rate limit and lockout of the login route (section <c>Forest:Login</c>).</summary>
    public ForestLoginOptions Login { get; } = new();

    /// <summary>
    /// Rate limits of smart action calls, per user and action, by policy name (<c>Forest:RateLimits:&lt;name&gt;</c>): an
    /// action names its policy with <c>[SmartAction(..., RateLimitPolicy = "name")]</c>; the policy <c>default</c>,
    /// when set, applies to every other action. Over the limit: 429 <c>TooManyRequestsError</c> with <c>Retry-After</c>.
    /// </summary>
    /// <value>Defaults to none (no limit).</value>
    public IDictionary<string, ForestRateLimit> RateLimits { get; } = new Dictionary<string, ForestRateLimit>(StringComparer.Ordinal);

    /// <summary>Background actions' jobs (section <c>Forest:Jobs</c>).</summary>
    public ForestJobOptions Jobs { get; } = new();

    /// <summary>The MCP server for AI agents (section <c>Forest:Mcp</c>); off unless enabled.</summary>
    public ForestMcpOptions Mcp { get; } = new();

    /// <summary>How long a token issued by <c>POST /forest/authentication</c> stays valid.</summary>
    /// <value>Defaults to one hour, like Forest's agents.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where the schema is written at startup, relative to the content root; empty to write nothing.</summary>
    /// <value>Defaults to <c>.forestadmin-schema.json</c>.</value>
    public string? SchemaFilePath { get; set; } = ".forestadmin-schema.json";

    /// <summary>The largest number of ids an action request may carry explicitly.</summary>
    /// <value>Defaults to 10 000; use "select all" beyond that.</value>
    public int MaxIdsPerRequest { get; set; } = 10_000;

    /// <summary>
    /// The largest number of entries in <c>all_records_ids_excluded</c> (records unticked from a "select all").
    /// </summary>
    /// <value>Defaults to 10 000.</value>
    public int MaxExcludedIds { get; set; } = 10_000;

    /// <summary>
    /// The largest number of conditions (and nested aggregators) in one condition tree: <c>filters</c> of a list or
    /// of a "select all", scopes and stored conditions. Aggregators are translated as balanced trees, so any tree
    /// under the limit translates to SQL.
    /// </summary>
    /// <value>Defaults to 200.</value>
    public int MaxFilterConditions { get; set; } = 200;

    /// <summary>The largest number of values of one <c>in</c> or <c>not_in</c> condition.</summary>
    /// <value>Defaults to 1 000.</value>
    public int MaxFilterValues { get; set; } = 1_000;

    /// <summary>
    /// The longest a database command may take (on SQLite: may wait for a lock) while a Forest route is served, on
    /// the application's database and on the store. Over it, the request is answered 503
    /// <c>ServiceUnavailableError</c> with <c>Retry-After</c>, and nothing is changed.
    /// </summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The same bound while the action method itself runs; set it longer for actions that run long statements
    /// (e.g. a "select all" update of millions of rows on PostgreSQL).
    /// </summary>
    /// <value>Defaults to <see cref="DatabaseTimeout"/>.</value>
    public TimeSpan? ActionDatabaseTimeout { get; set; }

    /// <summary>
    /// Whether the store's EF Core migrations are applied at startup (creating the database and tables when
    /// missing, and bringing a store made by Forest.Mvc 0.1.0 under migrations). Set it to <see langword="false"/>
    /// when the team applies DDL itself (<c>dotnet ef migrations script</c>, see docs/production.md): startup then
    /// only checks that no migration is pending, and fails naming them if some are.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool MigrateStoreOnStartup { get; set; } = true;

    /// <summary>
    /// Whether the answers of the Forest routes (JSON, CSV) are compressed, Brotli or gzip, for the clients that
    /// accept it, over HTTP and HTTPS. The login and the personal access token routes never are: their answers carry
    /// a secret, which compression beside reflected input could leak (BREACH). The console's files are compressed
    /// once, whatever this says.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CompressResponses { get; set; } = true;

    /// <summary>The longest one statement of the store's migrations may take at startup (e.g. an index on a large activity log).</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan StoreMigrationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest request body accepted on smart action routes, in bytes.</summary>
    /// <value>Defaults to 50 MiB, so that forms can carry files.</value>
    public long MaxActionBodyBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The largest file a form field accepts, in bytes, unless the field sets its own limit.</summary>
    /// <value>Defaults to 10 MiB.</value>
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The page size used by list routes when <c>page[size]</c> is absent.</summary>
    /// <value>Defaults to 15.</value>
    public int DefaultPageSize { get; set; } = 15;

    /// <summary>The largest <c>page[size]</c> accepted by list routes.</summary>
    /// <value>Defaults to 1 000.</value>
    public int MaxPageSize { get; set; } = 1_000;

    /// <summary>Where the embedded admin console is served; empty to serve none.</summary>
    /// <value>Defaults to <c>/forest-admin</c>.</value>
    public string? ConsolePath { get; set; } = "/forest-admin";

    /// <summary>
    /// Extra origins the console may call from the browser (its Content-Security-Policy <c>connect-src</c>), e.g.
    /// the hosts your webhook results target. The console's own origin is always allowed.
    /// </summary>
    /// <value>Defaults to none.</value>
    public IList<string> ConsoleConnectSources { get; } = [];

    /// <summary>
    /// The collection the console opens after login (its name, e.g. <c>companies</c>). When unset, the console opens
    /// the first collection, in the schema's order, in which the user sees a record (else the first collection).
    /// </summary>
    public string? ConsoleHome { get; set; }

    /// <summary>Origins allowed to call the Forest routes from a browser (CORS, with credentials).</summary>
    /// <value>Defaults to none: same-origin only.</value>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>
    /// Whether live-query segments (<c>segmentQuery</c>: SQL written in the front-end) are run. Off by default: a
    /// <c>segmentQuery</c> is then refused with 400, never ignored. When on, the SQL must be one parameter-free
    /// <c>SELECT</c> returning an <c>id</c> column; it runs in a read-only transaction on the connection
    /// <c>connectionName</c> names (see <see cref="LiveQueryConnections"/>), within <see cref="LiveQueryTimeout"/>,
    /// and its ids are intersected with the list's filters and the caller's scope. See docs/security.md for the risk.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool LiveQuerySegments { get; set; }

    /// <summary>
    /// The connections live-query segments may run on, by the name clients send as <c>connectionName</c>
    /// (<c>Forest:LiveQueryConnections:main</c> = a connection string, ideally of a read-only database user). With
    /// none, the name <c>main</c> stands for the application's own database.
    /// </summary>
    /// <value>Defaults to none.</value>
    public IDictionary<string, string> LiveQueryConnections { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The longest a live-query segment may run; it is then interrupted and the request answered 400.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan LiveQueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most ids a live-query segment may return; more is a 400.</summary>
    /// <value>Defaults to 100 000.</value>
    public int MaxLiveQueryIds { get; set; } = 100_000;

    /// <summary>
    /// Where the health of the store and the collections' database is answered (JSON; anonymous callers get the
    /// status only); empty to map none.
    /// </summary>
    /// <value>Defaults to <c>/forest/health</c>.</value>
    public string? HealthPath { get; set; } = "/forest/health";
}
