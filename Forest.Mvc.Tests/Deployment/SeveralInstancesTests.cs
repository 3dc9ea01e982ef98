using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Deployment;

/// <summary>
/// Three Live Demo instances (Kestrel on 127.0.0.1, three ports) sharing one PostgreSQL deployment: tokens, revocation
/// and rule changes hold across instances, and concurrent approvals of one request run it exactly once.
/// </summary>
[TestFixture]
public sealed class SeveralInstancesTests
{
    private readonly List<LiveDemoFactory> _instances = [];
    private readonly List<HttpClient> _clients = [];

    [OneTimeSetUp]
    public void Start()
    {
        var shared = "forest_t_" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 3; i++)
        {
            // Started one after the other: the first creates and seeds the databases.
            var instance = PostgreSqlServer.LiveDemo(shared: shared, drop: i == 0);
            instance.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            instance.StartServer();
            var address = instance.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _instances.Add(instance);
            _clients.Add(new HttpClient { BaseAddress = new Uri(address) });
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _clients.ForEach(c => c.Dispose());
        foreach (var instance in Enumerable.Reverse(_instances))
        {
            instance.Dispose();
        }
    }

    private async Task<string> LoginAsync(int instance, string email)
    {
        var response = await _clients[instance].PostAsJsonAsync("/forest/authentication", new { email, password = "livedemo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> SendAsync(int instance, HttpMethod method, string path, string token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        return _clients[instance].SendAsync(request);
    }

    /// <summary>
    /// Sends the request to <paramref name="instance"/> every few milliseconds until it answers <paramref name="expected"/>:
    /// the time from <paramref name="since"/> at which that request was sent (from then on, the instance applies the
    /// change; the time it came back would add the request's own latency on a busy machine), or <see langword="null"/>
    /// when a second went by.
    /// </summary>
    private async Task<double?> AnsweredWithinAsync(System.Diagnostics.Stopwatch since, int instance, HttpMethod method, string path, string token, JsonNode? body, HttpStatusCode expected)
    {
        while (since.Elapsed < TimeSpan.FromSeconds(1))
        {
            var sent = since.Elapsed.TotalMilliseconds;
            using var response = await SendAsync(instance, method, path, token, body?.DeepClone());
            if (response.StatusCode == expected)
            {
                return sent;
            }

            await Task.Delay(2);
        }

        return null;
    }

    private async Task<HttpResponseMessage> PutManagerPermissionsAsync(string admin, Func<JsonArray, JsonArray> change)
    {
        var roles = (await (await SendAsync(0, HttpMethod.Get, "/forest/management/roles", admin)).Content.ReadFromJsonAsync<JsonArray>())!;
        var managerRole = roles.Single(r => r!["name"]!.GetValue<string>() == "Manager")!;
        var permissions = change(new JsonArray([.. managerRole["permissions"]!.AsArray().Select(p => p!.DeepClone())]));
        return await SendAsync(0, HttpMethod.Put, $"/forest/management/roles/{managerRole["id"]}/permissions", admin, permissions);
    }

    private static JsonArray WithReturnAndTrack(JsonArray permissions)
    {
        permissions.Add(new JsonObject { ["collection"] = "companies", ["action"] = "Return and track", ["trigger"] = "trigger" });
        return permissions;
    }

    private static JsonArray WithoutReturnAndTrack(JsonArray permissions) =>
        new([.. permissions.Where(p => p!["action"]?.GetValue<string>() != "Return and track").Select(p => p!.DeepClone())]);

    [Test]
    public async Task Tokens_RuleChanges_AndRevocation_HoldOnEveryInstance_Within100Ms()
    {
        // PostgreSQL announces every change (NOTIFY): the others hear it at once, though their safety-net read of
        // the rules version is every 5 s; each check below starts right after the change is answered on A.
        var admin = await LoginAsync(0, "admin@forest.demo");
        var manager = await LoginAsync(0, "manager@forest.demo");
        var support = await LoginAsync(0, "support@forest.demo");
        var track = ForestApi.Body("companies", ["3"]);
        const string Route = "/forest/actions/return-and-track?timezone=UTC";

        var onB = await SendAsync(1, HttpMethod.Get, "/forest/companies/count", manager);
        var before = await SendAsync(2, HttpMethod.Post, Route, manager, track);
        var supportOnC = await SendAsync(2, HttpMethod.Get, "/forest/companies/count", support);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var granted = await PutManagerPermissionsAsync(admin, WithReturnAndTrack);
        clock.Restart();
        var grantedOnB = await AnsweredWithinAsync(clock, 1, HttpMethod.Post, Route, manager, track, HttpStatusCode.OK);
        var grantedOnC = await AnsweredWithinAsync(clock, 2, HttpMethod.Post, Route, manager, track, HttpStatusCode.OK);

        var revoked = await PutManagerPermissionsAsync(admin, WithoutReturnAndTrack);
        clock.Restart();
        var refusedOnB = await AnsweredWithinAsync(clock, 1, HttpMethod.Post, Route, manager, track, HttpStatusCode.Forbidden);

        var users = (await (await SendAsync(0, HttpMethod.Get, "/forest/management/users", admin)).Content.ReadFromJsonAsync<JsonArray>())!;
        var supportId = users.Single(u => u!["email"]!.GetValue<string>() == "support@forest.demo")!["id"]!.GetValue<int>();
        var disabled = await SendAsync(0, HttpMethod.Put, $"/forest/management/users/{supportId}", admin, new JsonObject { ["disabled"] = true });
        clock.Restart();
        var disabledOnC = await AnsweredWithinAsync(clock, 2, HttpMethod.Get, "/forest/companies/count", support, null, HttpStatusCode.Unauthorized);
        TestContext.Progress.WriteLine($"heard on the other instances after: granted {grantedOnB:0.0} / {grantedOnC:0.0} ms, revoked {refusedOnB:0.0} ms, disabled {disabledOnC:0.0} ms");

        Assert.Multiple(async () =>
        {
            Assert.That(onB.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a token issued by A works on B");
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(supportOnC.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
            Assert.That(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
            Assert.That(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());
            Assert.That(new[] { grantedOnB, grantedOnC }, Is.All.Not.Null, "a permission granted on A holds on B and C (the first success of an instance compiles its code: no bound)");
            Assert.That(refusedOnB, Is.Not.Null.And.LessThan(100), "a permission revoked on A is refused on B within 100 ms");
            Assert.That(disabledOnC, Is.Not.Null.And.LessThan(100), "a user disabled on A is refused on C within 100 ms");
        });
    }

    [Test]
    public async Task TheChangeSignal_ListensAgain_AfterItsConnectionIsKilled()
    {
        var admin = await LoginAsync(0, "admin@forest.demo");
        var manager = await LoginAsync(0, "manager@forest.demo");
        var track = ForestApi.Body("companies", ["4"]);
        const string Route = "/forest/actions/return-and-track?timezone=UTC";
        foreach (var instance in new[] { 1, 2 })
        {
            using var warm = await SendAsync(instance, HttpMethod.Post, Route, manager, track); // the first call of an instance compiles its code
        }

        var killed = await _instances[0].WithStoreAsync(store => store.Database
            .SqlQueryRaw<int>("SELECT count(pg_terminate_backend(pid))::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'forest-mvc rules listener'")
            .SingleAsync());
        await Task.Delay(3_000); // each listener notices, pauses 1 s and listens again

        var granted = await PutManagerPermissionsAsync(admin, WithReturnAndTrack);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var grantedOnB = await AnsweredWithinAsync(clock, 1, HttpMethod.Post, Route, manager, track, HttpStatusCode.OK);
        var revoked = await PutManagerPermissionsAsync(admin, WithoutReturnAndTrack);
        clock.Restart();
        var refused = await Task.WhenAll(
            AnsweredWithinAsync(clock, 2, HttpMethod.Post, Route, manager, track, HttpStatusCode.Forbidden),
            AnsweredWithinAsync(clock, 1, HttpMethod.Post, Route, manager, track, HttpStatusCode.Forbidden));

        Assert.Multiple(() =>
        {
            Assert.That(killed, Is.EqualTo(3), "one listening connection per instance");
            Assert.That(granted.IsSuccessStatusCode && revoked.IsSuccessStatusCode, Is.True);
            Assert.That(grantedOnB, Is.Not.Null, "heard again on B");
            Assert.That(refused, Is.All.Not.Null.And.All.LessThan(100), "heard again on C and B within 100 ms");
        });
    }

    [Test]
    public async Task ThirtyConcurrentApprovals_OverThreeInstances_RunTheRequestOnce()
    {
        var manager = await LoginAsync(1, "manager@forest.demo");
        var admins = new[] { await LoginAsync(0, "admin@forest.demo"), await LoginAsync(1, "admin@forest.demo"), await LoginAsync(2, "admin@forest.demo") };
        var held = await SendAsync(1, HttpMethod.Post, "/forest/actions/suspend?timezone=UTC", manager, ForestApi.Body("companies", ["9"]));
        var id = (await held.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["data"]!["approvalRequestId"]!.GetValue<string>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            SendAsync(i % 3, HttpMethod.Post, $"/forest/approvals/{id}/approve", admins[i % 3], new JsonObject())));
        var executions = await _instances[0].WithStoreAsync(store => store.Activity.CountAsync(a => a.ApprovalId == Guid.Parse(id) && a.Kind == "execution"));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(answers.Count(a => (int)a.StatusCode == 409), Is.EqualTo(29));
            Assert.That(executions, Is.EqualTo(1), "one audit entry of the execution");
            Assert.That(await _instances[2].WithDbAsync(db => db.Companies.Where(c => c.Id == 9).Select(c => c.Status).SingleAsync()), Is.EqualTo("suspended"));
        });
    }

    [Test]
    public async Task ThreeThousandCalls_OverThreeInstances_GiveThreeThousandAuditEntries()
    {
        const int calls = 3_000;
        var tokens = new[] { await LoginAsync(0, "admin@forest.demo"), await LoginAsync(1, "admin@forest.demo"), await LoginAsync(2, "admin@forest.demo") };
        var next = -1;
        var failures = 0;

        await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < calls; i = Interlocked.Increment(ref next))
            {
                using var response = await SendAsync(i % 3, HttpMethod.Post, "/forest/actions/show-some-activity?timezone=UTC", tokens[i % 3], ForestApi.Body("companies", ["2"]));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        foreach (var instance in _instances)
        {
            await instance.WithStoreAsync(_ => Task.FromResult(0)); // flushes that instance's audit writer
        }

        var entries = await _instances[0].WithStoreAsync(store => store.Activity
            .Where(a => a.Action == "Show some activity" && a.Kind == "trigger")
            .GroupBy(a => a.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count() })
            .ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Zero);
            Assert.That(entries.Sum(e => e.Count), Is.EqualTo(calls), "one entry per call: none lost, none doubled");
            Assert.That(entries.Where(e => e.Outcome == "running"), Is.Empty, "every entry confirmed");
        });
    }
}
