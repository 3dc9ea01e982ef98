using System.Text.RegularExpressions;

namespace Forest.Mvc.Tests.Architecture;

/// <summary>
/// The console's ES modules import each other without a cycle (screens import leaf modules for navigation, badges
/// and panels, never the shell or each other in a circle), and statically: no dynamic <c>import()</c> working around
/// a cycle.
/// </summary>
[TestFixture]
public sealed partial class ConsoleModulesTests
{
    private static readonly string Scripts = Path.Combine(FolderGraph.RepositoryRoot(), "Forest.Mvc", "Console", "wwwroot", "js");

    [GeneratedRegex(@"^\s*import\s[^;]*?from\s+'\./([\w-]+\.js)'", RegexOptions.Multiline)]
    private static partial Regex StaticImport();

    [GeneratedRegex(@"\bimport\s*\(")]
    private static partial Regex DynamicImport();

    private static Dictionary<string, List<string>> Graph() =>
        Directory.EnumerateFiles(Scripts, "*.js").ToDictionary(
            file => Path.GetFileName(file),
            file => StaticImport().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList());

    [Test]
    public void TheImportGraph_HasNoCycle()
    {
        var graph = Graph();
        var cycles = new List<string>();
        var state = new Dictionary<string, int>();
        void Visit(string module, List<string> path)
        {
            state[module] = 1;
            path.Add(module);
            foreach (var imported in graph.GetValueOrDefault(module) ?? [])
            {
                if (state.GetValueOrDefault(imported) == 1)
                {
                    cycles.Add(string.Join(" → ", path.SkipWhile(m => m != imported).Append(imported)));
                }
                else if (state.GetValueOrDefault(imported) == 0)
                {
                    Visit(imported, path);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[module] = 2;
        }

        foreach (var module in graph.Keys.Order())
        {
            if (state.GetValueOrDefault(module) == 0)
            {
                Visit(module, []);
            }
        }

        Assert.That(graph, Has.Count.GreaterThan(10), "the console's modules were found");
        Assert.That(cycles, Is.Empty);
    }

    [Test]
    public void NoModule_ImportsDynamically_AndEveryImportExists()
    {
        var graph = Graph();
        var dynamic = Directory.EnumerateFiles(Scripts, "*.js").Where(f => DynamicImport().IsMatch(File.ReadAllText(f))).Select(f => Path.GetFileName(f)).ToList();
        var missing = graph.SelectMany(g => g.Value.Where(i => !graph.ContainsKey(i)).Select(i => $"{g.Key} imports {i}")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(dynamic, Is.Empty);
            Assert.That(missing, Is.Empty);
            Assert.That(graph["app.js"], Does.Contain("nav.js"), "the shell reads the badges from the navigation leaf");
        });
    }
}
