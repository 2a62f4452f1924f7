using Hawser.Manifests;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// The cached kind → resource mapping. Discovery runs on first use, again on a miss (a CRD may have appeared since;
/// kubectl does the same), and after <see cref="Invalidate"/>. Concurrent misses share one refresh.
/// </summary>
internal sealed class RestMapper(ApiDiscovery discovery, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile DiscoveredResources? _cache;

    public async Task<ResourceMapping> GetAsync(GroupVersionKind kind, CancellationToken cancellationToken)
    {
        var cache = _cache;
        if (cache is not null && cache.TryGet(kind, out var mapping)) return mapping;
        if (cache is not null) KubernetesLog.DiscoveryMiss(logger, kind.ToString());
        cache = await RefreshAsync(cache, cancellationToken);
        return cache.TryGet(kind, out mapping) ? mapping : throw new UnknownKindException(kind);
    }

    /// <summary>Every kind served, from the cache (discovering first if needed).</summary>
    public async Task<IReadOnlyList<ResourceMapping>> AllAsync(CancellationToken cancellationToken) =>
        (_cache ?? await RefreshAsync(null, cancellationToken)).All;

    public void Invalidate() => _cache = null;

    // Refreshes unless another caller already replaced the snapshot that missed.
    private async Task<DiscoveredResources> RefreshAsync(DiscoveredResources? missed, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _cache;
            if (current is not null && !ReferenceEquals(current, missed)) return current;
            var fresh = await discovery.DiscoverAsync(cancellationToken);
            _cache = fresh;
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }
}
