namespace Forest.Mvc.Tests.Architecture;

/// <summary>
/// The library's folders point one way: the core (model and discovery, query and selection, authentication and
/// authorization, invocation, HTTP, storage) never names a feature (approvals, jobs, MCP, activity, management,
/// console), and no two folders depend on each other. Read from the compiled library (see <see cref="FolderGraph"/>).
/// </summary>
[TestFixture]
public sealed class ArchitectureTests
{
    /// <summary>
    /// The features inside the library: each plugs into extension points of the core (stages, observers, policies,
    /// endpoints). The background jobs and the MCP server are packages of their own (<c>Forest.Mvc.Jobs</c>,
    /// <c>Forest.Mvc.Mcp</c>), which can only use the core's public API: the compiler checks it, since no shipped
    /// package sees the library's internals. <c>Agents</c> is what an agent protocol builds on (tokens, the gateway).
    /// </summary>
    private static readonly string[] Features = ["Activity", "Agents", "Approvals", "Management", "Console"];

    /// <summary>The composition root: it alone may name everything (it registers the features).</summary>
    private const string CompositionRoot = "Hosting";

    private static readonly Lazy<FolderGraph> Graph = new(() => FolderGraph.Of());

    [Test]
    public void TheCore_NeverNamesAFeature()
    {
        var graph = Graph.Value;
        var crossings = graph.Edges
            .Where(e => !Features.Contains(e.From) && e.From != CompositionRoot && Features.Contains(e.To))
            .Select(e => $"{e.From} → {e.To}: {string.Join(", ", graph.Why(e.From, e.To))}")
            .ToList();

        Assert.That(crossings, Is.Empty);
    }

    [Test]
    public void NoTwoFolders_DependOnEachOther()
    {
        var graph = Graph.Value;
        var pairs = graph.TwoWay
            .Select(p => $"{p.Item1} ↔ {p.Item2}: {string.Join(", ", graph.Why(p.Item1, p.Item2))} / {string.Join(", ", graph.Why(p.Item2, p.Item1))}")
            .ToList();

        TestContext.Out.WriteLine($"folders: {graph.Folders.Count}, directed dependencies: {graph.Edges.Count}, two-way pairs: {pairs.Count}");
        Assert.That(pairs, Is.Empty);
    }

    [Test]
    public void TheGraph_SeesEveryFolder_AndTheDependenciesItMustSee()
    {
        var graph = Graph.Value;

        Assert.Multiple(() =>
        {
            Assert.That(graph.Folders, Is.SupersetOf(new[] { "Actions", "Invocation", "Records", "Security", "Storage", "Hosting" }.Concat(Features)));
            Assert.That(graph.Edges, Does.Contain(("Hosting", "Invocation")), "the composition root registers the pipeline");
            Assert.That(graph.Edges, Does.Contain(("Approvals", "Invocation")), "the approvals feature plugs a stage into the pipeline");
        });
    }
}

/// <summary>Prints the folder graph (run on demand: <c>dotnet test --filter FolderGraphReport</c>; FOREST_ARCHITECTURE_ASSEMBLY reads another build).</summary>
[TestFixture]
[Explicit("a report, not a check")]
public sealed class FolderGraphReport
{
    [Test]
    public void Print()
    {
        var graph = FolderGraph.Of(Environment.GetEnvironmentVariable("FOREST_ARCHITECTURE_ASSEMBLY") is { Length: > 0 } path ? path : null);
        TestContext.Out.WriteLine($"folders: {graph.Folders.Count}, directed dependencies: {graph.Edges.Count}, two-way pairs: {graph.TwoWay.Count()}");
        var entry = graph.Declares("SmartActionFilter") ? "SmartActionFilter" : "SmartActionPipelineFilter";
        var (calls, pairs) = graph.CrossingsFrom(entry, "OnResourceExecutionAsync");
        TestContext.Out.WriteLine($"one action call (from {entry}): {calls} reachable cross-folder calls, over {pairs} folder pairs");
        foreach (var (from, to) in graph.Edges.OrderBy(e => e.From).ThenBy(e => e.To))
        {
            TestContext.Out.WriteLine($"{from} -> {to}{(graph.Edges.Contains((to, from)) ? "   (two-way)" : "")}: {string.Join(", ", graph.Why(from, to))}");
        }

        Assert.That(graph.Edges, Is.Not.Empty);
    }
}
