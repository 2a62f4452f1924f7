using System.Collections.Concurrent;

namespace Hawser.Notifications;

/// <summary>Delivered and failed notifications per service name, for metrics (thread-safe; counts only grow).</summary>
public sealed class NotificationCounters
{
    private readonly ConcurrentDictionary<string, Counts> _byService = new(StringComparer.Ordinal);

    /// <summary>Counts per service, sorted by name.</summary>
    public IReadOnlyList<(string Service, long Delivered, long Failed)> Snapshot() =>
        _byService.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, Interlocked.Read(ref p.Value.Delivered), Interlocked.Read(ref p.Value.Failed))).ToList();

    /// <summary>Notifications delivered through <paramref name="service"/>.</summary>
    public long Delivered(string service) => _byService.TryGetValue(service, out var c) ? Interlocked.Read(ref c.Delivered) : 0;

    /// <summary>Notifications that failed (after their retries) through <paramref name="service"/>.</summary>
    public long Failed(string service) => _byService.TryGetValue(service, out var c) ? Interlocked.Read(ref c.Failed) : 0;

    internal void CountDelivered(string service) => Interlocked.Increment(ref _byService.GetOrAdd(service, _ => new Counts()).Delivered);

    internal void CountFailed(string service) => Interlocked.Increment(ref _byService.GetOrAdd(service, _ => new Counts()).Failed);

    private sealed class Counts
    {
        public long Delivered;
        public long Failed;
    }
}
