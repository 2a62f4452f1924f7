namespace Hawser.Kubernetes;

/// <summary>
/// Transport tuning for one cluster's client. The defaults suit a controller: generous but bounded request rate,
/// a few quick retries, and timeouts on everything except watch streams (which end by their own <c>timeoutSeconds</c>).
/// </summary>
/// <param name="Qps">Sustained requests per second (token bucket refill rate); 0 disables client-side rate limiting.</param>
/// <param name="Burst">Requests that may start at once before the rate applies.</param>
/// <param name="RequestTimeout">Limit for one non-watch request attempt, response body included.</param>
/// <param name="ConnectTimeout">Limit for opening a connection (TCP and TLS).</param>
/// <param name="MaxRetries">Retries after the first attempt for a retriable failure; 0 disables retries.</param>
/// <param name="RetryBaseDelay">First backoff delay; it doubles per retry, with jitter.</param>
/// <param name="RetryMaxDelay">Cap on one backoff delay and on an honoured <c>Retry-After</c>.</param>
/// <param name="UserAgent">The User-Agent header.</param>
/// <param name="ListPageSize">Items per list page when <see cref="ListOptions.PageSize"/> is 0.</param>
public sealed record KubernetesClientOptions(
    double Qps = 100,
    int Burst = 300,
    TimeSpan? RequestTimeout = null,
    TimeSpan? ConnectTimeout = null,
    int MaxRetries = 5,
    TimeSpan? RetryBaseDelay = null,
    TimeSpan? RetryMaxDelay = null,
    string UserAgent = "hawser",
    int ListPageSize = 500)
{
    public static KubernetesClientOptions Default { get; } = new();

    internal TimeSpan EffectiveRequestTimeout => RequestTimeout ?? TimeSpan.FromSeconds(30);
    internal TimeSpan EffectiveConnectTimeout => ConnectTimeout ?? TimeSpan.FromSeconds(10);
    internal TimeSpan EffectiveRetryBaseDelay => RetryBaseDelay ?? TimeSpan.FromMilliseconds(200);
    internal TimeSpan EffectiveRetryMaxDelay => RetryMaxDelay ?? TimeSpan.FromSeconds(30);
}
