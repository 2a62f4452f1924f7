namespace Hawser.Notifications;

/// <summary>How often a delivery is tried: <see cref="MaxAttempts"/> attempts, waiting <see cref="FirstWait"/> after the
/// first failure and doubling up to <see cref="MaxWait"/>. Only failures that may pass (network errors, HTTP 5xx and
/// 429) are retried.</summary>
public sealed record DeliveryPolicy(int MaxAttempts, TimeSpan FirstWait, TimeSpan MaxWait)
{
    /// <summary>3 attempts, 1 s then 2 s apart (at most 10 s).</summary>
    public static DeliveryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan WaitAfter(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, FirstWait.Ticks * (1L << Math.Min(attempt - 1, 20))));
}
