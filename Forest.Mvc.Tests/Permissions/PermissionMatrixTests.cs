using System.Text;
using System.Text.Json.Nodes;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SampleApp.Data;

namespace Forest.Mvc.Tests.Permissions;

/// <summary>
/// Every seeded user × every Live Demo action, through HTTP: the server answers as the role says, whatever the
/// request — ran, approval required, or forbidden — and the form hooks follow the same rule.
/// </summary>
[TestFixture(LiveDemoFactory.Sqlite)]
[TestFixture(LiveDemoFactory.PostgreSql)]
public sealed class PermissionMatrixTests(string provider)
{
    private const string Ran = "ran";
    private const string Approval = "approval";
    private const string Forbidden = "forbidden";

    private static readonly string[] Users = ["admin", "manager", "support", "viewer", "accountant"];

    /// <summary>What each role may do with each action (Admin: everything; Manager: Mark as Live, Suspend with approval; Support: Mark as Live; Viewer: nothing).</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["mark-as-live"] = [Ran, Ran, Ran, Forbidden, Forbidden],
        ["suspend"] = [Ran, Approval, Forbidden, Forbidden, Forbidden],
        ["add-new-transaction"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["schedule-audit"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["return-and-track"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["show-some-activity"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["notify-crm"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["send-pending-reminders"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["charge-credit-card"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["generate-invoice"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["validate"] = [Ran, Forbidden, Forbidden, Forbidden, Ran],
        ["refund"] = [Ran, Forbidden, Forbidden, Forbidden, Ran],
        ["import-transactions"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
        ["reset-password"] = [Ran, Forbidden, Forbidden, Forbidden, Forbidden],
    };

    private LiveDemoFactory _factory = null!;
    private readonly Dictionary<string, ForestApi> _apis = [];
    private Dictionary<string, Func<JsonObject>> _bodies = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = LiveDemoFactory.For(provider);
        foreach (var name in Users)
        {
            _apis[name] = await ForestApi.LoginAsync(_factory, $"{name}@forest.demo");
        }

        var smallParisTransactions = await _factory.WithDbAsync(db => ParisTransactionsAsync(db, 20, amount: 100));
        var user = await _factory.WithDbAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        var next = 0;
        string Transaction() => smallParisTransactions[next++].ToString();
        async Task<string> PendingCompany() =>
            (await _factory.WithDbAsync(db => db.Companies.Where(c => c.Status == CompanyStatus.Pending).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync())).ToString();
        _bodies = new()
        {
            ["mark-as-live"] = () => ForestApi.Body("companies", [PendingCompany().GetAwaiter().GetResult()]),
            ["suspend"] = () => ForestApi.Body("companies", ["3"]),
            ["add-new-transaction"] = () => ForestApi.Body("companies", ["1"], new JsonObject { ["Beneficiary company"] = "2", ["Amount"] = 5 }),
            ["schedule-audit"] = () => ForestApi.Body("companies", ["1"], new JsonObject
            {
                ["Auditor"] = "Grace",
                ["Audit date"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"),
                ["Scope"] = new JsonArray("Finance"),
            }),
            ["return-and-track"] = () => ForestApi.Body("companies", ["1"]),
            ["show-some-activity"] = () => ForestApi.Body("companies", ["1"]),
            ["notify-crm"] = () => ForestApi.Body("companies", ["1"]),
            ["send-pending-reminders"] = () => ForestApi.Body("companies", []),
            ["charge-credit-card"] = () => ForestApi.Body("customers", ["1"], new JsonObject { ["amount"] = 5, ["description"] = "matrix" }),
            ["generate-invoice"] = () => ForestApi.Body("customers", ["1"]),
            ["validate"] = () => ForestApi.Body("transactions", [Transaction()]),
            ["refund"] = () => ForestApi.Body("transactions", [Transaction()], new JsonObject { ["Reason"] = "Fraudulent", ["Amount"] = 1 }),
            ["import-transactions"] = () => ForestApi.Body("transactions", [], new JsonObject
            {
                ["CSV file"] = "data:text/csv;name=t.csv;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes("1,2,10")),
            }),
            ["reset-password"] = () => ForestApi.Body("users", [user.ToString()]),
        };
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    /// <summary>Adds transactions to validate emitted by a Paris company (inside the Accountant's scope).</summary>
    internal static async Task<List<long>> ParisTransactionsAsync(LiveDemoContext db, int count, long amount)
    {
        var paris = await db.Companies.Where(c => c.Headquarter == "Paris").Select(c => c.Id).FirstAsync();
        var created = Enumerable.Range(0, count).Select(i => new Transaction
        {
            Reference = $"TEST-{Guid.NewGuid():N}",
            Amount = amount,
            Status = "to_validate",
            CreatedAt = DateTime.UtcNow,
            EmitterCompanyId = paris,
            BeneficiaryCompanyId = paris,
        }).ToList();
        db.Transactions.AddRange(created);
        await db.SaveChangesAsync();
        return created.Select(t => t.Id).ToList();
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode != 403)
        {
            Assert.That((int)response.StatusCode, Is.Not.EqualTo(401).And.LessThan(500), await response.Content.ReadAsStringAsync());
            return Ran;
        }

        var (_, name, _) = await ForestApi.ErrorAsync(response);
        return name switch
        {
            "CustomActionRequiresApprovalError" => Approval,
            "CustomActionTriggerForbiddenError" => Forbidden,
            _ => name,
        };
    }

    private static IEnumerable<TestCaseData> Matrix() =>
        from action in Expected.Keys
        from index in Enumerable.Range(0, Users.Length)
        select new TestCaseData(Users[index], action, Expected[action][index]).SetName($"{Users[index]} {action} {Expected[action][index]}");

    [TestCaseSource(nameof(Matrix))]
    public async Task Trigger_AnswersAsTheRoleSays(string user, string action, string expected)
    {
        var response = await _apis[user].TriggerAsync(action, _bodies[action]());

        Assert.That(await OutcomeAsync(response), Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [TestCase("viewer", "refund", 403)]
    [TestCase("support", "refund", 403)]
    [TestCase("accountant", "refund", 200)]
    [TestCase("admin", "refund", 200)]
    [TestCase("viewer", "charge-credit-card", 403)]
    [TestCase("admin", "charge-credit-card", 200)]
    public async Task FormHooks_FollowTheTriggerPermission(string user, string action, int status)
    {
        var body = _bodies[action]();
        var response = await _apis[user].Client.PostAsync($"/forest/actions/{action}/hooks/load", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ForbiddenAttempts_ChangeNothing()
    {
        var statuses = await _factory.WithDbAsync(db => db.Companies.OrderBy(c => c.Id).Select(c => c.Status).ToListAsync());

        await _apis["viewer"].TriggerAsync("suspend", ForestApi.Body("companies", [], more: a => a["all_records"] = true));
        await _apis["support"].TriggerAsync("suspend", ForestApi.Body("companies", ["1", "2"]));

        Assert.That(await _factory.WithDbAsync(db => db.Companies.OrderBy(c => c.Id).Select(c => c.Status).ToListAsync()), Is.EqualTo(statuses));
    }
}
