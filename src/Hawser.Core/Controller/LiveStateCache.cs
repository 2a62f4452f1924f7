using System.Collections.Concurrent;
using Hawser.Compare;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.Extensions.Logging;

namespace Hawser.Controller;

/// <summary>
/// The live state of one cluster as the controller sees it: one informer (list + watch, all namespaces) per kind that an
/// app manages, started the first time an app needs the kind. <see cref="Client"/> answers reads of watched kinds from
/// the informers, so a refresh of an unchanged app costs no API request; writes go to the cluster. Every change of an
/// object that carries a <c>hawser.io/tracking-id</c> is reported to <c>onTrackedChange</c> with the owning app's name,
/// which is how drift reaches the controller within seconds.
/// </summary>
public sealed class LiveStateCache : IAsyncDisposable
{
    private readonly IKubernetesClient _cluster;
    private readonly Action<string> _onTrackedChange;
    private readonly Func<GroupVersionKind, bool> _isExcluded;
    private readonly ILogger _logger;
    private readonly Action<GroupVersionKind>? _onEvent;
    private readonly ConcurrentDictionary<GroupVersionKind, Lazy<IInformer>> _informers = new();

    /// <param name="cluster">The cluster's client.</param>
    /// <param name="onTrackedChange">Called with the app name of every changed tracked object (on an informer's loop: queue, do not work).</param>
    /// <param name="isExcluded">Kinds never watched (<c>resource.exclusions</c>); reads of them go to the cluster.</param>
    /// <param name="onEvent">Called with the kind of every watch event (for metrics), on an informer's loop.</param>
    public LiveStateCache(IKubernetesClient cluster, Action<string> onTrackedChange, Func<GroupVersionKind, bool>? isExcluded, ILogger logger,
        Action<GroupVersionKind>? onEvent = null)
    {
        _onEvent = onEvent;
        _cluster = cluster;
        _onTrackedChange = onTrackedChange;
        _isExcluded = isExcluded ?? (_ => false);
        _logger = logger;
        Client = new CachedKubernetesClient(cluster, this);
    }

    /// <summary>A client whose reads of watched kinds come from the cache.</summary>
    public IKubernetesClient Client { get; }

    /// <summary>
    /// Starts watching the kinds (if not yet) and waits until each has listed. A kind the cluster does not serve (yet) is
    /// left unwatched and retried on the next call, so reads of it go to the cluster.
    /// </summary>
    public async Task WatchAsync(IEnumerable<GroupVersionKind> kinds, CancellationToken cancellationToken)
    {
        foreach (var kind in kinds.Distinct())
        {
            if (_isExcluded(kind)) continue;
            var informer = _informers.GetOrAdd(kind, k => new Lazy<IInformer>(() => Start(k))).Value;
            try
            {
                await informer.WaitForSyncAsync(cancellationToken);
            }
            catch (Exception e) when (e is UnknownKindException or NotFoundException or ForbiddenException or UnauthorizedException)
            {
                if (_informers.TryRemove(new KeyValuePair<GroupVersionKind, Lazy<IInformer>>(kind, _informers[kind])))
                    await informer.DisposeAsync();
                ControllerLog.KindNotWatched(_logger, kind.ToString(), e.Message);
            }
        }
    }

    /// <summary>The kinds watched and listed.</summary>
    public int WatchedKinds => _informers.Values.Count(l => l.IsValueCreated && l.Value.HasSynced);

    /// <summary>The objects held, all kinds together.</summary>
    public long ObjectCount => _informers.Values.Where(l => l.IsValueCreated && l.Value.HasSynced).Sum(l => (long)l.Value.Count);

    /// <summary>The informer of a kind when it has listed, else null.</summary>
    internal IInformer? Synced(GroupVersionKind kind) =>
        _informers.TryGetValue(kind, out var lazy) && lazy.IsValueCreated && lazy.Value.HasSynced ? lazy.Value : null;

    private IInformer Start(GroupVersionKind kind)
    {
        ControllerLog.Watching(_logger, kind.ToString());
        // The informer's loop belongs to the cluster, not to the app whose refresh happened to start it (request metrics).
        using (ExecutionContext.SuppressFlow())
            return Informers.Start(_cluster, kind, new InformerOptions(OnChange: change => OnChange(kind, change), KeepManagerSummary: true), _logger);
    }

    private void OnChange(GroupVersionKind kind, InformerChange change)
    {
        _onEvent?.Invoke(kind);
        var obj = change.Object ?? change.Previous;
        if (obj is not null && TrackingId.Of(obj) is { } id) _onTrackedChange(id.App);
        if (change.Previous is not null && change.Object is not null && TrackingId.Of(change.Previous) is { } before
            && TrackingId.Of(change.Object)?.App != before.App)
        {
            _onTrackedChange(before.App);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _informers.Values.Where(l => l.IsValueCreated)) await lazy.Value.DisposeAsync();
        _informers.Clear();
    }
}
