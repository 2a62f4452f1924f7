using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Controller;

/// <summary>
/// <see cref="IKubernetesClient"/> over a <see cref="LiveStateCache"/>: <c>Get</c> and unfiltered <c>List</c> of a watched kind
/// are answered from its informer (a private copy per read); everything else, and every write, goes to the cluster.
/// </summary>
internal sealed class CachedKubernetesClient(IKubernetesClient cluster, LiveStateCache cache) : IKubernetesClient
{
    public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) =>
        cluster.GetMappingAsync(kind, cancellationToken);

    public void InvalidateDiscovery() => cluster.InvalidateDiscovery();

    public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken) =>
        cache.Synced(kind) is { } informer
            ? Task.FromResult(informer.Get(new ResourceKey(kind.Group, kind.Kind, @namespace, name)))
            : cluster.GetAsync(kind, @namespace, name, cancellationToken);

    public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken)
    {
        if (options.LabelSelector is null && options.FieldSelector is null && cache.Synced(kind) is { } informer)
        {
            return Task.FromResult(new KubeObjectList(informer.List(options.Namespace), ""));
        }
        return cluster.ListAsync(kind, options, cancellationToken);
    }

    public async Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        Observe(await cluster.CreateAsync(obj, options, cancellationToken), options);

    public async Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        Observe(await cluster.UpdateAsync(obj, options, cancellationToken), options);

    public async Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        Observe(await cluster.UpdateStatusAsync(obj, options, cancellationToken), options);

    public async Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken) =>
        Observe(await cluster.ApplyAsync(obj, options, cancellationToken), options);

    public async Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) =>
        Observe(await cluster.PatchAsync(kind, @namespace, name, type, patch, options, cancellationToken), options);

    public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken) =>
        cluster.DeleteAsync(kind, @namespace, name, options, cancellationToken);

    // A write's response is the object as stored: later reads see it even before its watch event arrives.
    private KubeObject Observe(KubeObject written, WriteOptions options)
    {
        if (!options.DryRun && cache.Synced(written.GroupVersionKind) is Informer informer) informer.Observe(written);
        return written;
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, CancellationToken cancellationToken) =>
        cluster.WatchAsync(kind, options, cancellationToken);
}
