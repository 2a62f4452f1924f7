using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Fakes;

/// <summary>Wraps a client and counts the calls the engine makes, to assert how much work a sync costs.</summary>
internal sealed class CountingClient(IKubernetesClient inner) : IKubernetesClient
{
    private int _gets, _lists, _dryRuns, _applies;

    public int Gets => _gets;
    public int Lists => _lists;
    public int DryRuns => _dryRuns;
    public int Applies => _applies;

    public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) => inner.GetMappingAsync(kind, cancellationToken);
    public void InvalidateDiscovery() => inner.InvalidateDiscovery();

    public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync(kind, @namespace, name, cancellationToken);
    }

    public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync(kind, options, cancellationToken);
    }

    public Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => inner.CreateAsync(obj, options, cancellationToken);
    public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => inner.UpdateAsync(obj, options, cancellationToken);
    public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => inner.UpdateStatusAsync(obj, options, cancellationToken);

    public Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref options.DryRun ? ref _dryRuns : ref _applies);
        return inner.ApplyAsync(obj, options, cancellationToken);
    }

    public Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) =>
        inner.PatchAsync(kind, @namespace, name, type, patch, options, cancellationToken);

    public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken) =>
        inner.DeleteAsync(kind, @namespace, name, options, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, CancellationToken cancellationToken) =>
        inner.WatchAsync(kind, options, cancellationToken);
}
