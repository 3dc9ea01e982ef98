using System.Reflection;
using System.Reflection.Emit;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Forest.Mvc.Actions;
using Forest.Mvc.Schema;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Benchmarks;

/// <summary>
/// What startup spends on the schema for a large application: 200 controllers of 20 smart actions each (4 000
/// actions, generated at run time), discovered, checked, and written as the schema JSON. Baseline: reading the same
/// controllers' attributes by plain reflection, the least any discovery must do.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 30)]
[MemoryDiagnoser]
public class SchemaBuildBenchmark
{
    private const int Controllers = 200;
    private const int ActionsPerController = 20;

    private Type[] _controllers = [];
    private BenchContext _db = null!;
    private SqliteConnection _connection = null!;
    private ForestRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _db = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection).Options);
        _controllers = Generate();
        _registry = ForestRegistryFactory.Create(typeof(BenchContext), "sqlite", _db.Model, new Dictionary<Type, CollectionConfiguration>(), _controllers);
        System.Console.WriteLine($"// schema bytes: {SchemaWriter.Write(_registry, "sqlite").Length}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain reflection over the attributes")]
    public int Reflection() => _controllers
        .SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Count(m => m.GetCustomAttribute<SmartActionAttribute>() is not null);

    [Benchmark(Description = "Forest.Mvc: registry (discovery + checks) and schema JSON")]
    public int RegistryAndSchema()
    {
        var registry = ForestRegistryFactory.Create(typeof(BenchContext), "sqlite", _db.Model, new Dictionary<Type, CollectionConfiguration>(), _controllers);
        return SchemaWriter.Write(registry, "sqlite").Length + registry.Actions.Count;
    }

    [Benchmark(Description = "Forest.Mvc: registry only")]
    public int RegistryOnly() =>
        ForestRegistryFactory.Create(typeof(BenchContext), "sqlite", _db.Model, new Dictionary<Type, CollectionConfiguration>(), _controllers).Actions.Count;

    [Benchmark(Description = "Forest.Mvc: schema JSON only")]
    public int SchemaOnly() => SchemaWriter.Write(_registry, "sqlite").Length;

    /// <summary>Emits <c>Controller{i} : SmartActionsController&lt;Account&gt;</c> with methods <c>Action{j}() =&gt; null</c>.</summary>
    private static Type[] Generate()
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("GeneratedSmartActions"), AssemblyBuilderAccess.Run).DefineDynamicModule("GeneratedSmartActions");
        var attribute = typeof(SmartActionAttribute).GetConstructor([typeof(string)])!;
        var description = typeof(SmartActionAttribute).GetProperty(nameof(SmartActionAttribute.Description))!;
        var types = new Type[Controllers];
        for (var c = 0; c < Controllers; c++)
        {
            var type = module.DefineType($"Generated.Controller{c}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(SmartActionsController<Account>));
            type.DefineDefaultConstructor(MethodAttributes.Public);
            for (var a = 0; a < ActionsPerController; a++)
            {
                var method = type.DefineMethod($"Action{a}", MethodAttributes.Public | MethodAttributes.HideBySig, typeof(IActionResult), Type.EmptyTypes);
                method.SetCustomAttribute(new CustomAttributeBuilder(attribute, [$"Action {c}-{a}"], [description], [$"Generated action {a} of controller {c}."]));
                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ret);
            }

            types[c] = type.CreateType();
        }

        return types;
    }
}
