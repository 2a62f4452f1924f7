using System.Collections.Concurrent;

namespace Hawser.Sources;

/// <summary>
/// An exclusive lock on one cache entry: a <see cref="SemaphoreSlim"/> for threads of this process, then an
/// exclusive lock file (<c>flock</c> on Linux) so two Hawser processes sharing a cache never fetch into the same mirror
/// at once.
/// </summary>
internal sealed class RepositoryLock
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly string _lockDirectory;

    public RepositoryLock(string lockDirectory)
    {
        _lockDirectory = lockDirectory;
        Directory.CreateDirectory(lockDirectory);
    }

    /// <summary>Waits for the lock named <paramref name="key"/> (a file-name-safe string) and returns its releaser.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        try
        {
            await gate.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for the lock on {key}");
        }

        try
        {
            var path = Path.Combine(_lockDirectory, key + ".lock");
            while (true)
            {
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new Releaser(gate, file);
                }
                catch (IOException)
                {
                    try
                    {
                        await Task.Delay(RetryDelay, deadline.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for another process holding {path}");
                    }
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Releaser(SemaphoreSlim gate, FileStream file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            gate.Release();
        }
    }
}
