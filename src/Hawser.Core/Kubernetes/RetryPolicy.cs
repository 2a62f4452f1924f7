using System.Net;
using System.Net.Http.Headers;

namespace Hawser.Kubernetes;

/// <summary>Whether a request may be sent twice.</summary>
internal enum RetryMode
{
    /// <summary>GET, PUT, DELETE, merge patch and server-side apply: sending twice gives the same result.</summary>
    Idempotent,

    /// <summary>
    /// POST create of an object with a fixed <c>metadata.name</c>: sent again after an ambiguous failure, since a second create
    /// of the same name cannot make a second object (it answers AlreadyExists, which the client then resolves).
    /// </summary>
    NamedCreate,

    /// <summary>POST create with <c>generateName</c> and JSON patch: retried only when the server certainly did not act (429, connection refused).</summary>
    NotIdempotent,
}

/// <summary>
/// When to retry and how long to wait: 429 always (the server refused before acting) honouring <c>Retry-After</c>;
/// 500, 502, 503, 504, timeouts and broken connections for idempotent requests and named creates; a connection that never
/// opened for any request;
/// never a TLS failure (a wrong CA does not heal by waiting).
/// Backoff is exponential with jitter (half to full of <c>base × 2^attempt</c>, capped).
/// </summary>
internal sealed class RetryPolicy(KubernetesClientOptions options)
{
    public int MaxRetries => options.MaxRetries;

    public bool ShouldRetry(HttpStatusCode status, RetryMode mode) => status switch
    {
        HttpStatusCode.TooManyRequests => true,
        HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            => RepeatsSafely(mode),
        _ => false,
    };

    public static bool ShouldRetry(HttpRequestException failure, RetryMode mode) =>
        failure.HttpRequestError != HttpRequestError.SecureConnectionError
        && (RepeatsSafely(mode) || failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);

    /// <summary>True when sending the request again after an ambiguous failure cannot do harm.</summary>
    public static bool RepeatsSafely(RetryMode mode) => mode is RetryMode.Idempotent or RetryMode.NamedCreate;

    /// <summary>True when a failed attempt may still have been carried out by the server (its answer was lost or was a server error).</summary>
    public static bool MayHaveActed(HttpStatusCode status) => status != HttpStatusCode.TooManyRequests;

    /// <summary>True when a failed connection may still have delivered the request.</summary>
    public static bool MayHaveActed(HttpRequestException failure) => failure.HttpRequestError is not HttpRequestError.NameResolutionError;

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based); <c>Retry-After</c> wins when present.</summary>
    public TimeSpan Delay(int attempt, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var max = options.EffectiveRetryMaxDelay;
        if (retryAfter?.Delta is { } delta) return Min(delta, max);
        if (retryAfter?.Date is { } date) return Min(date - now < TimeSpan.Zero ? TimeSpan.Zero : date - now, max);
        var exponential = options.EffectiveRetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
