using Hawser.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Controllers;

/// <summary>
/// Runs the sandbox's built-in controllers (garbage collection, namespace termination) on one background task fed by a
/// store watch, so they see every change in order. A failure is logged and the event retried shortly after.
/// </summary>
internal sealed class ControllerLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ControllerLoop(IObjectStore store, IReadOnlyList<(string Name, Action<WatchEvent> Handle)> controllers, ILogger logger, Action<CancellationToken>? startup = null)
    {
        var subscription = store.Watch(null, null, null);
        _loop = Task.Run(() => RunAsync(subscription, controllers, logger, startup, _stop.Token));
    }

    private static async Task RunAsync(WatchSubscription subscription, IReadOnlyList<(string Name, Action<WatchEvent> Handle)> controllers, ILogger logger, Action<CancellationToken>? startup, CancellationToken cancellationToken)
    {
        using var owned = subscription;
        startup?.Invoke(cancellationToken);
        var retry = new Queue<(WatchEvent Event, int Attempt)>();
        while (!cancellationToken.IsCancellationRequested)
        {
            WatchEvent next;
            var attempt = 0;
            if (retry.Count > 0 && !subscription.Events.TryPeek(out _))
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                (next, attempt) = retry.Dequeue();
            }
            else
            {
                try
                {
                    next = await subscription.Events.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    return;
                }
            }
            foreach (var (name, handle) in controllers)
            {
                try
                {
                    handle(next);
                }
                catch (Exception e) when (e is Api.ApiException or InvalidOperationException)
                {
                    SandboxLog.ControllerFailed(logger, e, name, next.Object.Resource.ToString(), next.Object.Namespace, next.Object.Name);
                    if (attempt < 20) retry.Enqueue((next, attempt + 1));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
