using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Simulation;

/// <summary>Log messages of the workload simulation (event ids 3100-3149). Names and resources only, never object data.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Simulated status of {Resource} {Namespace}/{Name}")]
    public static partial void Simulated(ILogger logger, string resource, string @namespace, string name);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Simulating {Resource} {Namespace}/{Name} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string resource, string @namespace, string name);
}
