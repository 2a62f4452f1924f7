using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Fakes;

/// <summary>
/// An in-memory fake of our own <see cref="IKubernetesClient"/> for unit tests: objects keyed by ResourceKey, a write log,
/// server-assigned metadata, status kept across applies, CRDs served once applied. Apply replaces the object's content
/// with the applied one (a simplification of server-side apply that is enough to exercise the engine).
/// </summary>
internal sealed class FakeKubernetesClient : IKubernetesClient
{
    private readonly ConcurrentDictionary<ResourceKey, KubeObject> _objects = new();
    private readonly ConcurrentDictionary<GroupKind, bool> _kinds = new();
    private readonly object _lock = new();
    private long _version = 100;

    public FakeKubernetesClient()
    {
        foreach (var kind in (string[])["ConfigMap", "Secret", "Service", "ServiceAccount", "Pod"]) _kinds[new GroupKind("", kind)] = true;
        _kinds[new GroupKind("", "Namespace")] = false;
        foreach (var kind in (string[])["Deployment", "StatefulSet", "DaemonSet"]) _kinds[new GroupKind("apps", kind)] = true;
        _kinds[new GroupKind("batch", "Job")] = true;
        _kinds[new GroupKind("rbac.authorization.k8s.io", "ClusterRole")] = false;
        _kinds[new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition")] = false;
    }

    /// <summary>Every write, in order: <c>apply Kind/ns/name</c>, <c>create ...</c>, <c>delete ...</c>.</summary>
    public ConcurrentQueue<string> Writes { get; } = new();

    public IReadOnlyCollection<KubeObject> Objects => _objects.Values.ToList();

    /// <summary>When set, a GET of a kind it returns an exception for fails with that exception.</summary>
    public Func<GroupVersionKind, Exception?>? GetFault { get; set; }

    public KubeObject? Find(ResourceKey key) => _objects.GetValueOrDefault(key);

    /// <summary>Puts an object in place as if someone else created it (no write logged).</summary>
    public KubeObject Seed(KubeObject obj) => Store(obj.DeepClone(), null);

    /// <summary>Sets the status of a stored object.</summary>
    public void SetStatus(ResourceKey key, JsonObject status) => _objects[key].Body["status"] = status;

    public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) =>
        _kinds.TryGetValue(kind.GroupKind, out var namespaced)
            ? Task.FromResult(new ResourceMapping(kind, kind.Kind.ToLowerInvariant() + "s", namespaced, ["get", "list", "create"], true))
            : throw new UnknownKindException(kind);

    public void InvalidateDiscovery() { }

    public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken)
    {
        Served(kind);
        if (GetFault?.Invoke(kind) is { } fault) throw fault;
        return Task.FromResult(_objects.GetValueOrDefault(new ResourceKey(kind.Group, kind.Kind, @namespace, name))?.DeepClone());
    }

    public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken)
    {
        Served(kind);
        var items = _objects.Values.Where(o => o.Group == kind.Group && o.Kind == kind.Kind && (options.Namespace.Length == 0 || o.Namespace == options.Namespace));
        if (options.LabelSelector is { } selector)
        {
            var (k, v) = (selector.Split('=')[0], selector.Split('=')[1]);
            items = items.Where(o => o.GetLabel(k) == v);
        }
        return Task.FromResult(new KubeObjectList(items.Select(o => o.DeepClone()).ToList(), _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        Served(obj.GroupVersionKind);
        var copy = obj.DeepClone();
        if (copy.Name.Length == 0) copy.SetMetadataField("name", copy.GenerateName + Interlocked.Increment(ref _version));
        if (_objects.ContainsKey(copy.Key)) throw new AlreadyExistsException(copy.Key.ToString(), "already exists");
        if (options.DryRun) return Task.FromResult(copy);
        Writes.Enqueue($"create {copy.Key}");
        return Task.FromResult(Store(copy, null));
    }

    public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        var existing = _objects.GetValueOrDefault(obj.Key) ?? throw new NotFoundException(obj.Key.ToString(), "not found");
        if (options.DryRun) return Task.FromResult(obj.DeepClone());
        Writes.Enqueue($"update {obj.Key}");
        return Task.FromResult(Store(obj.DeepClone(), existing));
    }

    public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("not used by the engine");

    public Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken)
    {
        Served(obj.GroupVersionKind);
        var existing = _objects.GetValueOrDefault(obj.Key);
        if (obj.Namespace.Length > 0 && _kinds.GetValueOrDefault(obj.GroupVersionKind.GroupKind)
            && !_objects.ContainsKey(new ResourceKey("", "Namespace", "", obj.Namespace)) && obj.Namespace != "default")
            throw new NotFoundException(obj.Key.ToString(), $"namespaces \"{obj.Namespace}\" not found");
        var copy = obj.DeepClone();
        if (options.DryRun) return Task.FromResult(Merge(copy, existing));
        Writes.Enqueue($"apply {obj.Key}");
        return Task.FromResult(Store(copy, existing));
    }

    public Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("not used by the engine");

    public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(kind.Group, kind.Kind, @namespace, name);
        if (options.DryRun) return Task.FromResult(_objects.ContainsKey(key));
        Writes.Enqueue($"delete {key} {options.PropagationPolicy}");
        return Task.FromResult(_objects.TryRemove(key, out _));
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield break;
    }

    private void Served(GroupVersionKind kind)
    {
        if (!_kinds.ContainsKey(kind.GroupKind)) throw new UnknownKindException(kind);
    }

    private KubeObject Merge(KubeObject copy, KubeObject? existing)
    {
        var m = copy.EnsureMetadata();
        m["uid"] = existing?.Uid is { Length: > 0 } uid ? uid : Guid.NewGuid().ToString();
        m["resourceVersion"] = existing?.ResourceVersion ?? "0";
        m["creationTimestamp"] = "2026-01-01T00:00:00Z";
        if (existing?.Body["status"] is { } status) copy.Body["status"] = status.DeepClone();
        return copy;
    }

    private KubeObject Store(KubeObject copy, KubeObject? existing)
    {
        lock (_lock)
        {
            Merge(copy, existing);
            copy.EnsureMetadata()["resourceVersion"] = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _objects[copy.Key] = copy;
            if (copy is { Kind: "CustomResourceDefinition" } && copy.Body["spec"] is JsonObject spec)
                _kinds[new GroupKind(spec["group"]!.GetValue<string>(), spec["names"]!["kind"]!.GetValue<string>())] = spec["scope"]?.GetValue<string>() != "Cluster";
            return copy.DeepClone();
        }
    }
}
