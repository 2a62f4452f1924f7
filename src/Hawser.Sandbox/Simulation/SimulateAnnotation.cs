using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Simulation;

/// <summary>How an object asks to be simulated, read once from its annotations.</summary>
internal enum SimulatedOutcome
{
    /// <summary>Becomes ready and available (the default).</summary>
    Succeed,

    /// <summary><c>sandbox.hawser.io/simulate: fail</c>: a Deployment exceeds its progress deadline, a Job fails, a PVC stays Pending.</summary>
    Fail,

    /// <summary><c>sandbox.hawser.io/simulate: pending</c>: never becomes ready (a Deployment keeps progressing, a Job keeps running).</summary>
    Pending,
}

/// <summary>The <c>sandbox.hawser.io/simulate</c> and <c>sandbox.hawser.io/simulate-delay</c> annotations.</summary>
internal static class SimulateAnnotation
{
    public const string Outcome = "sandbox.hawser.io/simulate";
    public const string Delay = "sandbox.hawser.io/simulate-delay";

    public static SimulatedOutcome OutcomeOf(JsonObject obj) => Annotation(obj, Outcome)?.Trim().ToLowerInvariant() switch
    {
        "fail" or "failed" or "failure" => SimulatedOutcome.Fail,
        "pending" or "hold" => SimulatedOutcome.Pending,
        _ => SimulatedOutcome.Succeed,
    };

    /// <summary>The object's own delay (<c>250ms</c>, <c>2s</c>, <c>1m</c>), or null when absent or unreadable.</summary>
    public static TimeSpan? DelayOf(JsonObject obj)
    {
        var text = Annotation(obj, Delay)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ => (text, 1000.0),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromMilliseconds(value * scale)
            : null;
    }

    private static string? Annotation(JsonObject obj, string name) =>
        obj["metadata"]?["annotations"]?[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
