using Microsoft.Extensions.Logging;

namespace Hawser.Settings;

/// <summary>
/// Logs settings warnings once each for the life of the process, so a server that re-reads its settings does not
/// repeat the same unknown key on every reload. Thread-safe.
/// </summary>
public sealed partial class SettingsWarningLog(ILogger logger)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Logs the warnings not logged before; returns them.</summary>
    public IReadOnlyList<SettingsWarning> Report(IEnumerable<SettingsWarning> warnings)
    {
        var fresh = new List<SettingsWarning>();
        lock (_lock)
        {
            foreach (var warning in warnings)
            {
                if (_seen.Add(warning.ToString())) fresh.Add(warning);
            }
        }
        foreach (var warning in fresh) Warned(logger, warning.Object, warning.Key, warning.Message);
        return fresh;
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "settings: {Object}: {Key}: {Detail}")]
    private static partial void Warned(ILogger logger, string @object, string key, string detail);
}
