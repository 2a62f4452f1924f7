using System.Collections.Concurrent;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Simulation;

/// <summary>
/// The background controller that stands in for the kubelet and the cluster's controllers: it watches the store (objects
/// already there first), and some time after each change to a simulated object (see <see cref="StatusRules"/>) writes the
/// status the real cluster would report. It re-reads the object before writing and writes with its resourceVersion as a
/// precondition, retrying on conflict, so it never overwrites a newer change. Writes that change nothing are skipped.
/// </summary>
internal sealed class WorkloadSimulator : IAsyncDisposable
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly GroupResource Namespaces = new("", "namespaces");

    private readonly IObjectStore _store;
    private readonly SimulationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(GroupResource Resource, string Namespace, string Name), byte> _pending = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Task _loop;

    public WorkloadSimulator(IObjectStore store, SimulationOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        var subscription = store.Watch(null, null, null, initialEvents: true);
        _loop = Task.Run(() => RunAsync(subscription, _stop.Token));
    }

    private async Task RunAsync(WatchSubscription subscription, CancellationToken cancellationToken)
    {
        using var owned = subscription;
        try
        {
            await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false)) OnEvent(e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private void OnEvent(WatchEvent e)
    {
        var obj = e.Object;
        if (e.Type == WatchEventType.Deleted || obj.IsTerminating) return;
        if (!StatusRules.TryFind(obj.Resource, out _, out var delayed)) return;
        var key = (obj.Resource, obj.Namespace, obj.Name);
        if (!_pending.TryAdd(key, 0)) return;
        var delay = delayed ? SimulateAnnotation.DelayOf(obj.ToJsonObject()) ?? _options.Delay : TimeSpan.Zero;
        Schedule(key, delay, 0);
    }

    private void Schedule((GroupResource Resource, string Namespace, string Name) key, TimeSpan delay, int attempt)
    {
        var task = ReconcileLaterAsync(key, delay, attempt, _stop.Token);
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ReconcileLaterAsync((GroupResource Resource, string Namespace, string Name) key, TimeSpan delay, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            else await Task.Yield();
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _pending.TryRemove(key, out _);
        if (cancellationToken.IsCancellationRequested) return;
        try
        {
            Reconcile(key.Resource, key.Namespace, key.Name);
        }
        catch (ApiException e) when (e.Code == 409 && attempt < MaxAttempts)
        {
            if (_pending.TryAdd(key, 0)) Schedule(key, RetryDelay, attempt + 1);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Deleted meanwhile.
        }
        catch (Exception e) when (e is ApiException or InvalidOperationException or ObjectDisposedException)
        {
            SimulationLog.Failed(_logger, e, key.Resource.ToString(), key.Namespace, key.Name);
        }
    }

    private void Reconcile(GroupResource resource, string ns, string name)
    {
        var stored = _store.Get(resource, ns, name);
        if (stored is null || stored.IsTerminating || !StatusRules.TryFind(resource, out var rule, out _)) return;
        // A namespace being emptied is left to the namespace controller: no writes that would race its deletions.
        if (ns.Length > 0 && _store.Get(Namespaces, "", ns) is { IsTerminating: true }) return;
        var body = stored.ToJsonObject();
        if (!rule(body, _time.GetUtcNow())) return;
        _store.Update(resource, body, stored.ResourceVersion);
        SimulationLog.Simulated(_logger, resource.ToString(), ns, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        _stop.Dispose();
    }
}
