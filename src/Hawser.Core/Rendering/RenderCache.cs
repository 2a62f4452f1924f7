using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// Rendered manifests by <see cref="RenderCacheKey"/>: an in-memory LRU of <see cref="Capacity"/> entries, backed, when a directory
/// is given, by one JSON file per key on disk (written atomically) so a restarted process starts warm. Thread-safe.
/// In memory each object is kept as compact UTF-8 JSON, a fraction of the size of its parsed tree (a server keeps every
/// app's render here), and each hit parses fresh objects: the caller owns what it gets.
/// </summary>
public sealed class RenderCache
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, CompactManifests Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, CompactManifests Value)> _order = new();
    private readonly string? _directory;

    /// <param name="capacity">Entries kept in memory.</param>
    /// <param name="directory">Where to keep entries on disk; null for memory only.</param>
    public RenderCache(int capacity = 2048, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _directory = directory;
    }

    public int Capacity { get; }

    /// <summary>Entries in memory.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>Looks the key up in memory, then on disk.</summary>
    public bool TryGet(RenderCacheKey key, out RenderedManifests value)
    {
        CompactManifests? hit = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(key.Value, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                hit = node.Value.Value;
            }
        }
        if (hit is not null)
        {
            value = hit.Materialize();
            return true;
        }
        if (_directory is not null && TryReadDisk(key, out value))
        {
            AddToMemory(key.Value, CompactManifests.Of(value));
            return true;
        }
        value = RenderedManifests.Empty;
        return false;
    }

    /// <summary>Stores an entry (and writes it to disk when a directory was given).</summary>
    public void Set(RenderCacheKey key, RenderedManifests value)
    {
        var compact = CompactManifests.Of(value);
        AddToMemory(key.Value, compact);
        if (_directory is not null) WriteDisk(key, compact);
    }

    private void AddToMemory(string key, CompactManifests value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing)) _order.Remove(existing);
            var node = _order.AddFirst((key, value));
            _entries[key] = node;
            while (_entries.Count > Capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    private string FilePath(RenderCacheKey key) => Path.Combine(_directory!, key.Value[..2], key.Value + ".json");

    private bool TryReadDisk(RenderCacheKey key, out RenderedManifests value)
    {
        value = RenderedManifests.Empty;
        var path = FilePath(key);
        if (!File.Exists(path)) return false;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            if (root?["objects"] is not JsonArray objects || root["warnings"] is not JsonArray warnings) return false;
            value = new RenderedManifests(
                objects.OfType<JsonObject>().Select(o => new KubeObject((JsonObject)o.DeepClone())).ToList(),
                warnings.Select(w => w?.GetValue<string>() ?? "").ToList());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void WriteDisk(RenderCacheKey key, CompactManifests value)
    {
        var path = FilePath(key);
        // Rendered objects include Secrets: the cache is private to its owner.
        State.PrivateFiles.CreateDirectory(_directory!);
        State.PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        State.PrivateFiles.WriteAllText(temp, value.ToJson());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>One entry in memory: each object's compact UTF-8 JSON and where it was read from, and the warnings.</summary>
    private sealed class CompactManifests(byte[][] objects, SourceLocation?[] sources, IReadOnlyList<string> warnings)
    {
        public static CompactManifests Of(RenderedManifests value) => new(
            value.Objects.Select(o => Kubernetes.JsonBodies.Serialize(o.Body).ToArray()).ToArray(),
            value.Objects.Select(o => o.Source).ToArray(),
            value.Warnings);

        /// <summary>The disk form, <c>{"objects": [...], "warnings": [...]}</c>, from the bytes already held.</summary>
        public string ToJson()
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("objects");
                foreach (var o in objects) writer.WriteRawValue(o, skipInputValidation: true);
                writer.WriteEndArray();
                writer.WriteStartArray("warnings");
                foreach (var w in warnings) writer.WriteStringValue(w);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public RenderedManifests Materialize()
        {
            var parsed = new KubeObject[objects.Length];
            for (var i = 0; i < objects.Length; i++) parsed[i] = new KubeObject((JsonObject)JsonNode.Parse(objects[i])!, sources[i]);
            return new RenderedManifests(parsed, warnings);
        }
    }
}
