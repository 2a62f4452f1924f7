namespace Hawser.Kubernetes;

/// <summary>
/// Client-side QPS/burst limit (client-go's token bucket): up to <c>burst</c> requests start at once, then
/// <c>qps</c> per second. Each caller reserves a slot and waits for it, so waiting callers are served in order.
/// </summary>
internal sealed class RequestRateLimiter(double qps, int burst, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly double _capacity = Math.Max(1, burst);
    private double _tokens = Math.Max(1, burst);
    private long _refilledAt = time.GetTimestamp();

    /// <summary>Whether the limiter does anything (qps &gt; 0).</summary>
    public bool Enabled => qps > 0;

    /// <summary>Waits until this request may start.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return ValueTask.CompletedTask;
        var wait = Reserve();
        return wait <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, time, cancellationToken));
    }

    /// <summary>Takes one token (possibly going into debt) and returns how long the caller must wait for it.</summary>
    internal TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + time.GetElapsedTime(_refilledAt, now).TotalSeconds * qps);
            _refilledAt = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / qps);
        }
    }
}
