namespace Hawser.Health;

/// <summary>Combines object health into application health by Argo CD's severity order.</summary>
public static class HealthAggregation
{
    /// <summary>True when <paramref name="candidate"/> is more severe than <paramref name="current"/>
    /// (Healthy &lt; Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown).</summary>
    public static bool IsWorse(HealthStatus candidate, HealthStatus current) => Rank(candidate) > Rank(current);

    /// <summary>The most severe status, or <see cref="HealthStatus.Healthy"/> when there is none.</summary>
    public static HealthStatus Worst(IEnumerable<HealthStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var worst = HealthStatus.Healthy;
        foreach (var status in statuses)
        {
            if (IsWorse(status, worst)) worst = status;
        }
        return worst;
    }

    /// <summary>
    /// The most severe of several object results, skipping objects without health (null). Ties keep the first
    /// result, so pass results in a deterministic order (e.g. sorted by <c>ResourceKey</c>) for a stable message.
    /// Returns a healthy result when no object has health.
    /// </summary>
    public static HealthResult Worst(IEnumerable<HealthResult?> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        HealthResult? worst = null;
        foreach (var result in results)
        {
            if (result is null) continue;
            if (worst is null || IsWorse(result.Status, worst.Status)) worst = result;
        }
        return worst ?? HealthResult.Healthy();
    }

    private static int Rank(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 0,
        HealthStatus.Suspended => 1,
        HealthStatus.Progressing => 2,
        HealthStatus.Missing => 3,
        HealthStatus.Degraded => 4,
        _ => 5,
    };
}
