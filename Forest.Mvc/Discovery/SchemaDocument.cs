using Forest.Mvc.Discovery;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Discovery;

/// <summary>The schema JSON, built once.</summary>
internal sealed class SchemaDocument(ForestRegistry registry)
{
    private readonly Lazy<ReadOnlyMemory<byte>> _bytes = new(() => SchemaWriter.Write(registry, registry.DatabaseType));

    public ForestRegistry Registry => registry;

    public ReadOnlyMemory<byte> Bytes => _bytes.Value;
}
