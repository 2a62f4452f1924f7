using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Hawser.State;

/// <summary>
/// One lock per app that says "this process is syncing the app". For a store in a data directory the lock is an OS file
/// lock (<c>flock</c> on Unix) on <c>locks/&lt;sha-256 of the name&gt;.lock</c>: it is held across processes and released by
/// the kernel the moment its process dies, so a crashed sync never leaves an app locked. For an in-memory store it is a
/// lock within the process. File names are hashes: an app name never becomes a path.
/// </summary>
internal sealed class AppLocks
{
    private readonly string? _directory;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _inProcess = new(StringComparer.Ordinal);

    /// <param name="directory">Where lock files go; null for in-process locks only.</param>
    public AppLocks(string? directory) => _directory = directory;

    /// <summary>Takes the app's lock, or returns null at once when another holder has it.</summary>
    public IAsyncDisposable? TryAcquire(string app)
    {
        if (_directory is null)
        {
            var gate = _inProcess.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
            return gate.Wait(0) ? new Released(() => gate.Release()) : null;
        }
        PrivateFiles.CreateDirectory(_directory);
        var path = Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app))) + ".lock");
        try
        {
            // FileShare.None is an exclusive flock on Unix (LockFileEx on Windows): held until the stream closes or the process ends.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFiles.FileMode;
            var stream = new FileStream(path, options);
            return new Released(stream.Dispose);
        }
        catch (IOException e) when (IsHeld(e))
        {
            return null;
        }
    }

    // What .NET reports for a lock another open file holds: the raw errno EWOULDBLOCK on Unix (11 on Linux, 35 on macOS),
    // ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows.
    private static bool IsHeld(IOException e) => OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35;

    private sealed class Released(Action release) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) release();
            return ValueTask.CompletedTask;
        }
    }
}
