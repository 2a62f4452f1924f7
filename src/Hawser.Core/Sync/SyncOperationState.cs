using System.Text.Json;

namespace Hawser.Sync;

/// <summary>
/// The engine's own progress within an operation, serialised into the State store's <c>StepState</c> after every step so a
/// restarted process can resume (gitops-engine's <c>SyncContext</c> state). Steps are identified by stable ids
/// (<c>apply/Sync/0</c>, <c>wait/Sync/0</c>, <c>prune</c>...); a resumed sync re-plans from the same revision and skips the
/// completed ones.
/// </summary>
/// <param name="CompletedSteps">The ids of the steps done in the current attempt.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry...</param>
/// <param name="Failing">True once a step failed: the SyncFail hooks run next, then the operation ends Failed.</param>
internal sealed record SyncStepState(IReadOnlyList<string> CompletedSteps, int Attempt = 1, bool Failing = false)
{
    public static readonly SyncStepState Initial = new([]);

    public string Serialize() => JsonSerializer.Serialize(this, WebJsonContext.Default.SyncStepState);

    /// <summary>Reads a saved state; a missing or unreadable one starts over (every step is idempotent).</summary>
    public static SyncStepState Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Initial;
        try { return JsonSerializer.Deserialize(text, WebJsonContext.Default.SyncStepState) ?? Initial; }
        catch (JsonException) { return Initial; }
    }
}
