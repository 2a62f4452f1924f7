using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hawser.Controller;

/// <summary>
/// A work queue of app names served by a fixed number of workers, first in first out. A name is queued at most once;
/// a name queued again while its work runs is run once more after it (never twice at the same time), so bursts of
/// events for one app collapse into one run and no app waits behind another app's burst.
/// </summary>
internal sealed class KeyedWorkQueue : IAsyncDisposable
{
    private readonly string _name;
    private readonly Func<string, CancellationToken, Task> _work;
    private readonly ILogger _logger;
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _again = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    public KeyedWorkQueue(string name, int workers, Func<string, CancellationToken, Task> work, ILogger logger)
    {
        _name = name;
        _work = work;
        _logger = logger;
        _workers = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>The names waiting for a worker (for the <c>workqueue_depth</c> metric).</summary>
    public int Depth
    {
        get { lock (_lock) return _queued.Count; }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already waiting.</summary>
    public void Enqueue(string key)
    {
        lock (_lock)
        {
            if (_running.Contains(key))
            {
                _again.Add(key);
                return;
            }
            if (!_queued.Add(key)) return;
        }
        _channel.Writer.TryWrite(key);
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var key in _channel.Reader.ReadAllAsync(token))
            {
                lock (_lock)
                {
                    _queued.Remove(key);
                    _running.Add(key);
                }
                try
                {
                    await _work(key, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    ControllerLog.WorkFailed(_logger, _name, key, e);
                }
                finally
                {
                    bool again;
                    lock (_lock)
                    {
                        _running.Remove(key);
                        again = _again.Remove(key);
                    }
                    if (again && !token.IsCancellationRequested) Enqueue(key);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Stops taking work; waits for running work to observe the cancellation and end.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
