using Hawser.Apps;
using Hawser.Compare;
using Hawser.State;

namespace Hawser.Controller;

/// <summary>Whether an automated sync runs now, and why (or why not).</summary>
public sealed record AutoSyncDecision(bool Sync, string Reason, AppCondition? Condition = null)
{
    /// <summary>No automated sync, with the reason.</summary>
    public static AutoSyncDecision Skip(string reason, AppCondition? condition = null) => new(false, reason, condition);
}

/// <summary>
/// Argo CD's automated sync rules, as one pure function of the app's refreshed status and its last operation:
/// <list type="bullet">
/// <item>only apps with <c>syncPolicy.automated</c>, only when OutOfSync (or their child apps changed);</item>
/// <item>a new revision or a changed spec is synced; the same revision and spec again only with <c>selfHeal: true</c>
/// (without it, drift only marks the app OutOfSync), and then with a growing backoff between heals;</item>
/// <item>never again for a revision and spec whose last sync failed (<c>syncPolicy.retry</c> retries inside the operation):
/// a failing sync does not loop;</item>
/// <item>never a sync that would delete every object of the app unless <c>allowEmpty: true</c>.</item>
/// </list>
/// </summary>
public static class AutoSync
{
    /// <summary>Argo CD's message for a sync that would delete everything.</summary>
    public const string WipeOutMessage = "auto-sync will wipe out all resources (the source renders no objects); set syncPolicy.automated.allowEmpty to allow it";

    /// <param name="app">The app.</param>
    /// <param name="status">The refreshed status.</param>
    /// <param name="childrenChanged">Child apps would be registered or removed by a sync.</param>
    /// <param name="desiredCount">Objects (and child apps) the source renders.</param>
    /// <param name="pinnedSource">The app's manifest pinned to the compared revisions (what a sync would record).</param>
    /// <param name="latest">The app's latest operation.</param>
    /// <param name="healAllowedAt">When the next self-heal may run.</param>
    /// <param name="now">The current time.</param>
    public static AutoSyncDecision Decide(Application app, AppRuntimeStatus status, bool childrenChanged, int desiredCount, string pinnedSource,
        OperationRecord? latest, DateTimeOffset healAllowedAt, DateTimeOffset now)
    {
        if (app.Spec.SyncPolicy?.Automated is not { } automated) return AutoSyncDecision.Skip("manual sync policy");
        if (status.Sync == AppSyncStatus.Unknown) return AutoSyncDecision.Skip("comparison failed");
        if (status.Sync == AppSyncStatus.Synced && !childrenChanged) return AutoSyncDecision.Skip("synced");
        if (desiredCount == 0 && !automated.AllowEmpty && status.Resources.Any(r => r.Status == CompareStatus.RequiresPruning))
            return AutoSyncDecision.Skip("would delete everything", new AppCondition(AppCondition.SyncError, WipeOutMessage));
        if (latest is { Phase: OperationPhase.Running }) return AutoSyncDecision.Skip("an operation is running");
        var same = latest is { DryRun: false } && latest.SourceJson == pinnedSource;
        if (!same) return new AutoSyncDecision(true, latest is null ? "first sync" : $"revision {Short(status.Revision)}");
        if (latest!.Phase != OperationPhase.Succeeded)
        {
            return AutoSyncDecision.Skip("previous sync failed",
                new AppCondition(AppCondition.SyncError, $"auto-sync skipped: the last sync of revision {Short(status.Revision)} ended {latest.Phase}: {latest.Message}; push a fix or sync by hand"));
        }
        if (!automated.SelfHeal) return AutoSyncDecision.Skip("drifted; selfHeal is off");
        if (now < healAllowedAt) return AutoSyncDecision.Skip($"self-heal backoff until {healAllowedAt:O}");
        return new AutoSyncDecision(true, "self-heal");
    }

    private static string Short(string revision) => revision.Length > 12 ? revision[..12] : revision;
}
