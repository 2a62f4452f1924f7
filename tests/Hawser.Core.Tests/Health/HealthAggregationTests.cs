using Hawser.Health;

namespace Hawser.Core.Tests.Health;

public sealed class HealthAggregationTests
{
    [Theory]
    [InlineData(HealthStatus.Suspended, HealthStatus.Healthy)]
    [InlineData(HealthStatus.Progressing, HealthStatus.Suspended)]
    [InlineData(HealthStatus.Missing, HealthStatus.Progressing)]
    [InlineData(HealthStatus.Degraded, HealthStatus.Missing)]
    [InlineData(HealthStatus.Unknown, HealthStatus.Degraded)]
    public void Each_status_is_worse_than_the_one_before_it_in_argo_cd_order(HealthStatus worse, HealthStatus better)
    {
        Assert.True(HealthAggregation.IsWorse(worse, better));
        Assert.False(HealthAggregation.IsWorse(better, worse));
        Assert.False(HealthAggregation.IsWorse(worse, worse));
    }

    [Fact]
    public void The_worst_of_no_statuses_is_healthy()
    {
        Assert.Equal(HealthStatus.Healthy, HealthAggregation.Worst(Array.Empty<HealthStatus>()));
    }

    [Fact]
    public void The_worst_status_wins_whatever_the_order()
    {
        HealthStatus[] statuses = [HealthStatus.Progressing, HealthStatus.Degraded, HealthStatus.Suspended, HealthStatus.Healthy];

        Assert.Equal(HealthStatus.Degraded, HealthAggregation.Worst(statuses));
        Assert.Equal(HealthStatus.Degraded, HealthAggregation.Worst(statuses.Reverse()));
    }

    [Fact]
    public void Objects_without_health_are_left_out_and_the_first_of_equally_bad_results_is_kept()
    {
        HealthResult?[] results =
        [
            null,
            HealthResult.Progressing("first"),
            HealthResult.Healthy(),
            HealthResult.Progressing("second"),
            null,
        ];

        Assert.Equal(HealthResult.Progressing("first"), HealthAggregation.Worst(results));
        Assert.Equal(HealthResult.Healthy(), HealthAggregation.Worst(new HealthResult?[] { null }));
    }
}
