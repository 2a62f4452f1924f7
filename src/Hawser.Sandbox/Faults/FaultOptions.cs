namespace Hawser.Sandbox.Faults;

/// <summary>
/// Faults the sandbox injects into API requests, for reliability tests; all off by default. Health and version endpoints
/// (<c>/healthz</c>, <c>/readyz</c>, <c>/livez</c>, <c>/version</c>) are never affected. See <c>docs/sandbox.md</c>, "Simulation and faults".
/// </summary>
public sealed record FaultOptions
{
    /// <summary>The fraction (0 to 1) of API requests answered with an error Status instead of being served.</summary>
    public double ErrorRate { get; init; }

    /// <summary>The error codes to pick from, evenly: 500 (InternalError), 429 (TooManyRequests, with Retry-After), 503 (ServiceUnavailable).</summary>
    public IReadOnlyList<int> ErrorCodes { get; init; } = [500, 429];

    /// <summary>The Retry-After sent with 429 and 503 answers (whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Added before every API request is served.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>A random extra latency, up to this much, on top of <see cref="Latency"/>.</summary>
    public TimeSpan LatencyJitter { get; init; }

    /// <summary>The fraction (0 to 1) of API requests whose connection is dropped without an answer.</summary>
    public double DropRate { get; init; }

    /// <summary>When set, watch streams end (cleanly, as an API server's timeout does) after at most this long.</summary>
    public TimeSpan? WatchCutAfter { get; init; }

    /// <summary>The HTTP methods faults apply to (e.g. <c>POST</c> for creates only); empty: every method.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Seed for the fault dice, for a reproducible sequence; null: a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>True when any fault is configured.</summary>
    public bool IsActive => ErrorRate > 0 || DropRate > 0 || Latency > TimeSpan.Zero || LatencyJitter > TimeSpan.Zero || WatchCutAfter is not null;
}
