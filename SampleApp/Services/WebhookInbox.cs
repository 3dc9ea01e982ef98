using System.Collections.Concurrent;
using System.Text.Json;

namespace SampleApp.Services;

/// <summary>Receives the calls that the "Notify CRM" webhook result makes the browser send (demo only).</summary>
public sealed class WebhookInbox
{
    private readonly ConcurrentQueue<JsonElement> _calls = new();

    public IReadOnlyCollection<JsonElement> Calls => _calls;

    public void Add(JsonElement call)
    {
        _calls.Enqueue(call);
        while (_calls.Count > 100 && _calls.TryDequeue(out _))
        {
        }
    }
}
