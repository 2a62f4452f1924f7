using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Storage;

/// <summary>
/// The in-memory <see cref="IObjectStore"/>: objects indexed by resource, namespace and name (names kept sorted so lists
/// need no sorting), one lock for writes and watch registration so events are delivered in resourceVersion order without
/// gaps, and an optional <see cref="IStorePersistence"/> written through inside the same lock (SQLite in a data directory).
/// </summary>
internal sealed class ObjectStore : IObjectStore, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GroupResource, Dictionary<string, SortedDictionary<string, StoredObject>>> _objects = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly int _historyLimit;
    private readonly IStorePersistence? _persistence;
    private long _resourceVersion;
    private long _compactedResourceVersion;

    public ObjectStore(int historyLimit, IStorePersistence? persistence)
    {
        _historyLimit = Math.Max(1, historyLimit);
        _persistence = persistence;
        if (persistence is null) return;
        var (objects, resourceVersion) = persistence.Load();
        foreach (var obj in objects) Index(obj);
        _resourceVersion = resourceVersion;
        _compactedResourceVersion = resourceVersion;
    }

    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    public StoredObject? Get(GroupResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(resource, out var byNs) && byNs.TryGetValue(ns, out var byName) && byName.TryGetValue(name, out var obj) ? obj : null;
        }
    }

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(GroupResource resource, string? ns)
    {
        lock (_gate) return (ListLocked(resource, ns), _resourceVersion);
    }

    public IReadOnlyList<StoredObject> ListNamespace(string ns)
    {
        lock (_gate)
        {
            var result = new List<StoredObject>();
            foreach (var (_, byNs) in _objects.OrderBy(p => p.Key.Group, StringComparer.Ordinal).ThenBy(p => p.Key.Resource, StringComparer.Ordinal))
            {
                if (byNs.TryGetValue(ns, out var byName)) result.AddRange(byName.Values);
            }
            return result;
        }
    }

    public IReadOnlyList<StoredObject> ListDependents(string ownerUid)
    {
        lock (_gate)
        {
            var result = new List<StoredObject>();
            foreach (var byNs in _objects.Values)
            foreach (var byName in byNs.Values)
            foreach (var obj in byName.Values)
            {
                if (obj.OwnerUids.Count > 0 && obj.OwnerUids.Contains(ownerUid, StringComparer.Ordinal)) result.Add(obj);
            }
            result.Sort((a, b) => string.CompareOrdinal(a.Namespace + "/" + a.Name, b.Namespace + "/" + b.Name));
            return result;
        }
    }

    public StoredObject Create(GroupResource resource, JsonObject body)
    {
        var (ns, name) = Identity(body);
        lock (_gate)
        {
            if (Find(resource, ns, name) is not null) throw ApiException.AlreadyExists(resource, name);
            var stored = Sized(StoredObject.Create(resource, body, _resourceVersion + 1));
            Commit(new WatchEvent(WatchEventType.Added, stored));
            return stored;
        }
    }

    public StoredObject Update(GroupResource resource, JsonObject body, long? expectedResourceVersion)
    {
        var (ns, name) = Identity(body);
        lock (_gate)
        {
            var live = Find(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
            if (expectedResourceVersion is { } expected && expected != live.ResourceVersion) throw ApiException.Conflict(resource, name);
            var stored = Sized(StoredObject.Create(resource, body, _resourceVersion + 1));
            Commit(new WatchEvent(WatchEventType.Modified, stored, live));
            return stored;
        }
    }

    /// <summary>
    /// etcd's default request limit (<c>--max-request-bytes</c>, 1.5 MiB): a larger object is refused as a real cluster refuses
    /// it, with etcd's message passed through as a 500 Status without a reason.
    /// </summary>
    public const int MaxObjectBytes = 1536 * 1024;

    private static StoredObject Sized(StoredObject stored) =>
        stored.Json.Length <= MaxObjectBytes ? stored : throw new ApiException(500, "", "etcdserver: request is too large");

    public StoredObject? Delete(GroupResource resource, string ns, string name, long? expectedResourceVersion)
    {
        lock (_gate)
        {
            var live = Find(resource, ns, name);
            if (live is null) return null;
            if (expectedResourceVersion is { } expected && expected != live.ResourceVersion) throw ApiException.Conflict(resource, name);
            var last = StoredObject.Create(resource, live.ToJsonObject(), _resourceVersion + 1);
            Commit(new WatchEvent(WatchEventType.Deleted, last));
            return last;
        }
    }

    public WatchSubscription Watch(GroupResource? resource, string? ns, long? fromResourceVersion, bool initialEvents = false)
    {
        var subscription = new WatchSubscription(resource, ns, Unsubscribe);
        lock (_gate)
        {
            subscription.StartResourceVersion = fromResourceVersion ?? _resourceVersion;
            if (initialEvents && fromResourceVersion is null)
            {
                var resources = resource is { } one ? [one] : _objects.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
                foreach (var r in resources)
                foreach (var obj in ListLocked(r, ns)) subscription.Publish(new WatchEvent(WatchEventType.Added, obj));
            }
            if (fromResourceVersion is { } from)
            {
                if (from < _compactedResourceVersion)
                    throw ApiException.Gone($"too old resource version: {from} ({_compactedResourceVersion + 1})");
                foreach (var e in _history)
                {
                    if (e.Object.ResourceVersion > from && subscription.Matches(e.Object)) subscription.Publish(e);
                }
            }
            _subscribers.Add(subscription);
        }
        return subscription;
    }

    public void Dispose() => _persistence?.Dispose();

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate) _subscribers.Remove(subscription);
    }

    private List<StoredObject> ListLocked(GroupResource resource, string? ns)
    {
        if (!_objects.TryGetValue(resource, out var byNs)) return [];
        if (ns is not null) return byNs.TryGetValue(ns, out var one) ? [.. one.Values] : [];
        var result = new List<StoredObject>();
        foreach (var key in byNs.Keys.Order(StringComparer.Ordinal)) result.AddRange(byNs[key].Values);
        return result;
    }

    private StoredObject? Find(GroupResource resource, string ns, string name) =>
        _objects.TryGetValue(resource, out var byNs) && byNs.TryGetValue(ns, out var byName) && byName.TryGetValue(name, out var obj) ? obj : null;

    private void Commit(WatchEvent e)
    {
        var obj = e.Object;
        if (e.Type == WatchEventType.Deleted)
        {
            _persistence?.Remove(obj.Resource, obj.Namespace, obj.Name, obj.ResourceVersion);
            var byNs = _objects[obj.Resource];
            var byName = byNs[obj.Namespace];
            byName.Remove(obj.Name);
            if (byName.Count == 0) byNs.Remove(obj.Namespace);
        }
        else
        {
            _persistence?.Save(obj);
            Index(obj);
        }
        _resourceVersion = obj.ResourceVersion;
        _history.Enqueue(e);
        while (_history.Count > _historyLimit) _compactedResourceVersion = _history.Dequeue().Object.ResourceVersion;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Matches(obj)) subscriber.Publish(e);
        }
    }

    private void Index(StoredObject obj)
    {
        if (!_objects.TryGetValue(obj.Resource, out var byNs)) _objects[obj.Resource] = byNs = new(StringComparer.Ordinal);
        if (!byNs.TryGetValue(obj.Namespace, out var byName)) byNs[obj.Namespace] = byName = new(StringComparer.Ordinal);
        byName[obj.Name] = obj;
    }

    private static (string Namespace, string Name) Identity(JsonObject body)
    {
        var metadata = body["metadata"] as JsonObject;
        var ns = metadata?["namespace"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
        var name = metadata?["name"] is JsonValue m && m.TryGetValue<string>(out var t) ? t : "";
        return (ns, name);
    }
}
