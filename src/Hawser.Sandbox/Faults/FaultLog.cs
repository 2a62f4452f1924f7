using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Faults;

/// <summary>Log messages of fault injection (event ids 3150-3199).</summary>
internal static partial class FaultLog
{
    [LoggerMessage(EventId = 3150, Level = LogLevel.Debug, Message = "Injected {Fault} into {Method} {Path}")]
    public static partial void Injected(ILogger logger, string fault, string method, string path);

    [LoggerMessage(EventId = 3151, Level = LogLevel.Information, Message = "Fault injection on: error rate {ErrorRate}, drop rate {DropRate}, latency {Latency}, watch cut after {WatchCut}")]
    public static partial void Enabled(ILogger logger, double errorRate, double dropRate, TimeSpan latency, TimeSpan? watchCut);
}
