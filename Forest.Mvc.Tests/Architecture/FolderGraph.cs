using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Forest.Mvc.Tests.Architecture;

/// <summary>
/// The library's folder dependencies, read from its compiled code: each type belongs to the first-level folder of
/// the source file that declares it (from the debug symbols), and folder A depends on folder B when a type of A names a
/// type of B anywhere: base type, interfaces, fields, signatures, attributes, or an instruction of a method body
/// (calls, field accesses, type tokens). Compiler-generated types (lambdas, async state machines) count as their
/// declaring type. Also walks the calls reachable from one method, to count the folder crossings of a call path.
/// </summary>
public sealed class FolderGraph
{
    private readonly Dictionary<string, string> _folderOfType = new(StringComparer.Ordinal);
    private readonly ModuleDefinition _module;

    private FolderGraph(ModuleDefinition module)
    {
        _module = module;
        foreach (var type in AllTypes(module))
        {
            if (FolderFromSymbols(type) is { } folder)
            {
                _folderOfType[type.FullName] = folder;
            }
        }

        // Types without code of their own (interfaces, enums, delegates, empty records): by their source declaration.
        var sources = SourceDeclarations();
        foreach (var type in AllTypes(module).Where(t => Outermost(t) == t && !_folderOfType.ContainsKey(t.FullName)))
        {
            if (sources.TryGetValue(type.Name.Split('`')[0], out var folder))
            {
                _folderOfType[type.FullName] = folder;
            }
        }

        foreach (var (a, b) in from type in AllTypes(module) from target in ReferencedTypes(type).SelectMany(Expand) select (FolderOf(type), FolderOf(target)))
        {
            if (a is not null && b is not null && a != b)
            {
                Edges.Add((a, b));
            }
        }
    }

    /// <summary>The first-level folders of the library that hold code.</summary>
    public IReadOnlySet<string> Folders => _folderOfType.Values.ToHashSet();

    /// <summary>Every directed dependency (A, B): A names a type of B.</summary>
    public HashSet<(string From, string To)> Edges { get; } = [];

    /// <summary>The pairs of folders that depend on each other.</summary>
    public IEnumerable<(string, string)> TwoWay => Edges.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && Edges.Contains((e.To, e.From)));

    /// <summary>Reads the library next to the tests (or the assembly at <paramref name="path"/>), with its symbols.</summary>
    public static FolderGraph Of(string? path = null)
    {
        path ??= typeof(ForestUser).Assembly.Location;
        var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = true });
        return new FolderGraph(module);
    }

    /// <summary>Which types of folder <paramref name="source"/> name which types of folder <paramref name="destination"/> (for failure messages).</summary>
    public IEnumerable<string> Why(string source, string destination) =>
        (from type in AllTypes(_module)
         where FolderOf(type) == source
         from target in ReferencedTypes(type).SelectMany(Expand)
         where FolderOf(target) == destination
         select $"{Outermost(type).Name} → {Outermost(Local(target)!).Name}").Distinct().Order();

    /// <summary>Whether the library declares a type of this name.</summary>
    public bool Declares(string typeName) => AllTypes(_module).Any(t => t.Name == typeName);

    /// <summary>
    /// The calls from one folder to another that a call of <paramref name="methodName"/> may make: every library method
    /// reachable from it through direct calls, delegates and the library's own interfaces (an interface call reaches
    /// each library implementation; overrides of framework methods are not followed), each caller/callee pair once.
    /// </summary>
    public (int Calls, int FolderPairs) CrossingsFrom(string typeName, string methodName)
    {
        var start = AllTypes(_module).Single(t => t.Name == typeName).Methods.Single(m => m.Name == methodName);
        start = StateMachine(start).FirstOrDefault() ?? start;
        var seen = new HashSet<MethodDefinition>();
        var crossings = new HashSet<(MethodDefinition, MethodDefinition)>();
        var pairs = new HashSet<(string, string)>();
        var queue = new Queue<MethodDefinition>([start]);
        while (queue.TryDequeue(out var method))
        {
            if (!seen.Add(method))
            {
                continue;
            }

            foreach (var callee in Callees(method))
            {
                if (FolderOf(callee.DeclaringType) is { } to && FolderOf(method.DeclaringType) is { } from && from != to)
                {
                    crossings.Add((method, callee));
                    pairs.Add((from, to));
                }

                queue.Enqueue(callee);
            }
        }

        return (crossings.Count, pairs.Count);
    }

    private IEnumerable<MethodDefinition> Callees(MethodDefinition method)
    {
        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            if (instruction.Operand is not MethodReference reference || Local(reference.DeclaringType) is null || reference.Resolve() is not { } callee)
            {
                continue;
            }

            yield return callee;
            foreach (var nested in StateMachine(callee))
            {
                yield return nested;
            }

            if (callee.DeclaringType.IsInterface)
            {
                foreach (var implementation in Implementations(callee))
                {
                    yield return implementation;
                    foreach (var nested in StateMachine(implementation))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    /// <summary>The MoveNext of an async method's state machine (its real body).</summary>
    private static IEnumerable<MethodDefinition> StateMachine(MethodDefinition method) =>
        method.CustomAttributes
            .Where(a => a.AttributeType.Name is "AsyncStateMachineAttribute" or "IteratorStateMachineAttribute")
            .Select(a => ((TypeReference)a.ConstructorArguments[0].Value).Resolve())
            .SelectMany(machine => machine.Methods.Where(m => m.Name == "MoveNext"));

    private IEnumerable<MethodDefinition> Implementations(MethodDefinition method) =>
        from type in AllTypes(_module)
        where type != method.DeclaringType && (type.Interfaces.Any(i => Local(i.InterfaceType) == method.DeclaringType) || BaseTypes(type).Contains(method.DeclaringType))
        from candidate in type.Methods
        where candidate.Name == method.Name || candidate.Name.EndsWith("." + method.Name, StringComparison.Ordinal)
        select candidate;

    private IEnumerable<TypeDefinition> BaseTypes(TypeDefinition type)
    {
        for (var current = type.BaseType is null ? null : Local(type.BaseType); current is not null; current = current.BaseType is null ? null : Local(current.BaseType))
        {
            yield return current;
        }
    }

    /// <summary>The library's own definition of <paramref name="reference"/>; <see langword="null"/> for a type of another assembly (never resolved).</summary>
    private TypeDefinition? Local(TypeReference reference)
    {
        var element = reference.GetElementType();
        var scope = element.Scope;
        for (var declaring = element.DeclaringType; declaring is not null; declaring = declaring.DeclaringType)
        {
            scope = declaring.Scope;
        }

        return scope is ModuleDefinition module && module == _module ? element.Resolve() : null;
    }

    /// <summary>A type and the types it is made of (generic arguments, array elements).</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference reference)
    {
        yield return reference;
        if (reference is GenericInstanceType generic)
        {
            foreach (var part in generic.GenericArguments.SelectMany(Expand))
            {
                yield return part;
            }
        }
        else if (reference is TypeSpecification specification)
        {
            foreach (var part in Expand(specification.ElementType))
            {
                yield return part;
            }
        }
    }

    private string? FolderOf(TypeReference reference)
    {
        var type = Local(reference);
        return type is null ? null : _folderOfType.GetValueOrDefault(type.FullName) ?? _folderOfType.GetValueOrDefault(Outermost(type).FullName);
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module)
    {
        static IEnumerable<TypeDefinition> WithNested(TypeDefinition type) => type.NestedTypes.SelectMany(WithNested).Prepend(type);
        return module.Types.Where(t => t.Name != "<Module>").SelectMany(WithNested);
    }

    private static string? FolderFromSymbols(TypeDefinition type)
    {
        foreach (var method in type.Methods)
        {
            var document = method.DebugInformation?.SequencePoints.FirstOrDefault()?.Document?.Url;
            if (document is not null)
            {
                return FolderOfPath(document);
            }
        }

        return null;
    }

    /// <summary>The first folder under <c>Forest.Mvc/</c> in a source path (<c>(root)</c> for a file at the root).</summary>
    private static string? FolderOfPath(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        var root = Array.LastIndexOf(parts, "Forest.Mvc");
        if (root < 0 || root + 1 >= parts.Length || parts[root + 1] is "obj" or "bin")
        {
            return null;
        }

        return root + 2 < parts.Length ? parts[root + 1] : "(root)";
    }

    /// <summary>Type name → folder, from the declarations in the library's sources.</summary>
    private static Dictionary<string, string> SourceDeclarations()
    {
        var declarations = new Dictionary<string, string>(StringComparer.Ordinal);
        var library = Path.Combine(RepositoryRoot(), "Forest.Mvc");
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var folder = FolderOfPath(file);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+([A-Z]\w*)"))
            {
                if (folder is not null)
                {
                    declarations.TryAdd(match.Groups[1].Value, folder);
                }
            }
        }

        return declarations;
    }

    internal static string RepositoryRoot()
    {
        if (Environment.GetEnvironmentVariable("FOREST_ARCHITECTURE_SOURCES") is { Length: > 0 } sources)
        {
            return sources;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "forest-mvc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (forest-mvc.sln) was not found above the tests.");
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var contract in type.Interfaces)
        {
            yield return contract.InterfaceType;
        }

        foreach (var attribute in type.CustomAttributes)
        {
            yield return attribute.AttributeType;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var parameter in method.Parameters)
            {
                yield return parameter.ParameterType;
            }

            foreach (var attribute in method.CustomAttributes)
            {
                yield return attribute.AttributeType;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                yield return variable.VariableType;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference typeReference:
                        yield return typeReference;
                        break;
                    case MethodReference methodReference:
                        yield return methodReference.DeclaringType;
                        yield return methodReference.ReturnType;
                        if (methodReference is GenericInstanceMethod generic)
                        {
                            foreach (var argument in generic.GenericArguments)
                            {
                                yield return argument;
                            }
                        }

                        break;
                    case FieldReference fieldReference:
                        yield return fieldReference.DeclaringType;
                        break;
                }
            }
        }
    }
}
