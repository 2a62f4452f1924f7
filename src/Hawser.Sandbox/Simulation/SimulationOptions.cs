namespace Hawser.Sandbox.Simulation;

/// <summary>
/// Workload simulation: since no kubelet runs, the sandbox writes the status a healthy cluster would report,
/// <see cref="Delay"/> after each change. See <c>docs/sandbox.md</c>, "Simulation and faults".
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Off: objects keep whatever status they were given.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long after a change workloads (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, PVCs) report their new status.
    /// Services get their addresses and CRDs become Established at once. An object can override it with the
    /// <c>sandbox.hawser.io/simulate-delay</c> annotation (<c>500ms</c>, <c>3s</c>, <c>1m</c>).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);
}
