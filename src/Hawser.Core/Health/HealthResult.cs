namespace Hawser.Health;

/// <summary>The health of one live object and a human-readable reason (empty when there is nothing to say).</summary>
/// <param name="Status">The assessed status.</param>
/// <param name="Message">Why, in Argo CD's wording where Argo CD has one, e.g.
/// <c>Waiting for rollout to finish: 1 of 2 updated replicas are available...</c>.</param>
public sealed record HealthResult(HealthStatus Status, string Message)
{
    /// <summary>
    /// True when the status comes from a health check that failed (a custom script with a syntax or runtime error, or one
    /// stopped by its limits), not from the object: waiting cannot change it, so a sync fails the object at once.
    /// </summary>
    public bool CheckFailed { get; init; }

    /// <summary>An unknown result because the health check itself failed (see <see cref="CheckFailed"/>).</summary>
    public static HealthResult CheckError(string message) => new(HealthStatus.Unknown, message) { CheckFailed = true };

    /// <summary>A healthy result with an optional message.</summary>
    public static HealthResult Healthy(string message = "") => new(HealthStatus.Healthy, message);

    /// <summary>A progressing result.</summary>
    public static HealthResult Progressing(string message = "") => new(HealthStatus.Progressing, message);

    /// <summary>A degraded result.</summary>
    public static HealthResult Degraded(string message = "") => new(HealthStatus.Degraded, message);

    /// <summary>A suspended result.</summary>
    public static HealthResult Suspended(string message = "") => new(HealthStatus.Suspended, message);

    /// <summary>An unknown result.</summary>
    public static HealthResult Unknown(string message = "") => new(HealthStatus.Unknown, message);

    public override string ToString() => Message.Length == 0 ? Status.ToString() : $"{Status}: {Message}";
}
