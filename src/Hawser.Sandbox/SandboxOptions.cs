using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox;

/// <summary>How to start a <see cref="SandboxServer"/>.</summary>
public sealed record SandboxOptions
{
    /// <summary>
    /// Where objects (<c>objects.db</c>), TLS material, the token and the kubeconfig live. Null: objects in memory and
    /// the rest in a temporary directory deleted on dispose.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one (see <see cref="SandboxServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>How many changes are kept for watches to resume from; older resourceVersions get 410 Expired.</summary>
    public int WatchHistorySize { get; init; } = 10_000;

    /// <summary>How often a watch that asked for bookmarks (<c>allowWatchBookmarks=true</c>) gets one while idle.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open.</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Where the sandbox logs (server errors, start-up); null: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for timestamps and ages; null: the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Workload simulation (status for Deployments, Jobs, PVCs, Services, CRDs...); on by default.</summary>
    public Simulation.SimulationOptions Simulation { get; init; } = new();

    /// <summary>Fault injection for reliability tests; off by default.</summary>
    public Faults.FaultOptions Faults { get; init; } = new();
}
