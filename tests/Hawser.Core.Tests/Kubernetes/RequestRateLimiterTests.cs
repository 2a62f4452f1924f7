using Hawser.Kubernetes;

namespace Hawser.Core.Tests.Kubernetes;

public sealed class RequestRateLimiterTests
{
    [Fact]
    public void The_burst_starts_at_once_and_later_requests_wait_one_interval_each()
    {
        var time = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(qps: 10, burst: 2, time);

        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.Reserve());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
    }

    [Fact]
    public async Task A_qps_of_zero_never_waits()
    {
        var limiter = new RequestRateLimiter(qps: 0, burst: 1, new ManualTimeProvider());

        for (var i = 0; i < 100; i++) await limiter.WaitAsync(TestTimeout.Token());

        Assert.False(limiter.Enabled);
    }
}

public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_doubles_with_jitter_and_stays_under_the_cap()
    {
        var policy = new RetryPolicy(new KubernetesClientOptions(RetryBaseDelay: TimeSpan.FromMilliseconds(100), RetryMaxDelay: TimeSpan.FromSeconds(1)));

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, attempt), 1000);
            var delay = policy.Delay(attempt, null, DateTimeOffset.UtcNow).TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Retry_After_wins_over_backoff_but_is_capped()
    {
        var policy = new RetryPolicy(new KubernetesClientOptions(RetryMaxDelay: TimeSpan.FromSeconds(5)));

        Assert.Equal(TimeSpan.FromSeconds(3), policy.Delay(0, new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3)), DateTimeOffset.UtcNow));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Delay(0, new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(60)), DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(429, RetryMode.NotIdempotent, true)]
    [InlineData(503, RetryMode.NotIdempotent, false)]
    [InlineData(503, RetryMode.Idempotent, true)]
    [InlineData(500, RetryMode.Idempotent, true)]
    [InlineData(409, RetryMode.Idempotent, false)]
    [InlineData(501, RetryMode.Idempotent, false)]
    internal void Only_transient_statuses_are_retried_and_5xx_only_for_idempotent_requests(int status, RetryMode mode, bool retried)
    {
        Assert.Equal(retried, new RetryPolicy(KubernetesClientOptions.Default).ShouldRetry((System.Net.HttpStatusCode)status, mode));
    }
}
