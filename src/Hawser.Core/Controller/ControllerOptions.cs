namespace Hawser.Controller;

/// <summary>Tunables of the controller, with Argo CD's defaults where Argo CD has one.</summary>
/// <param name="ReconcileInterval">How often every app is refreshed even when nothing told the controller it changed
/// (<c>timeout.reconciliation</c>, 3 minutes).</param>
/// <param name="ReconcileJitter">Up to this much is added to each app's interval so refreshes spread out
/// (<c>timeout.reconciliation.jitter</c>).</param>
/// <param name="RepoPollInterval">How often each repository is asked whether its branches moved (one fetch per repository,
/// shared by every app of it); the apps of a repository that moved are refreshed at once.</param>
/// <param name="StatusProcessors">Refresh workers (<c>controller.status.processors</c>).</param>
/// <param name="OperationProcessors">Sync workers (<c>controller.operation.processors</c>).</param>
/// <param name="SelfHealBackoff">The wait before a second self-heal of the same revision; it triples per heal up to
/// <paramref name="SelfHealBackoffCap"/> and resets once the app is found Synced.</param>
public sealed record ControllerOptions(
    TimeSpan ReconcileInterval,
    TimeSpan ReconcileJitter,
    TimeSpan RepoPollInterval,
    int StatusProcessors,
    int OperationProcessors,
    TimeSpan SelfHealBackoff,
    TimeSpan SelfHealBackoffCap)
{
    /// <summary>Defaults sized for a small (2-core) machine.</summary>
    public static readonly ControllerOptions Default = new(
        ReconcileInterval: TimeSpan.FromMinutes(3),
        ReconcileJitter: TimeSpan.FromSeconds(30),
        RepoPollInterval: TimeSpan.FromMinutes(3),
        StatusProcessors: 8,
        OperationProcessors: 16,
        SelfHealBackoff: TimeSpan.FromSeconds(2),
        SelfHealBackoffCap: TimeSpan.FromMinutes(5));
}
