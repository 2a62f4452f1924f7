using Hawser.Health;
using Hawser.State;

namespace Hawser.AppSets;

/// <summary>The state of one generated Application, as RollingSync sees it.</summary>
/// <param name="Name">The Application.</param>
/// <param name="Labels">Its labels (what the steps' matchExpressions select on).</param>
/// <param name="SyncStatus">Its last sync status.</param>
/// <param name="Health">Its last health.</param>
/// <param name="OperationRunning">A sync of it is running now.</param>
public sealed record RollingSyncApp(string Name, IReadOnlyDictionary<string, string> Labels, AppSyncStatus SyncStatus, HealthStatus Health, bool OperationRunning);

/// <summary>One step of a RollingSync and its apps.</summary>
/// <param name="Index">The step's position (0-based).</param>
/// <param name="Apps">The apps the step selects (an app belongs to the first step that selects it), by name.</param>
/// <param name="Complete">Every app of the step is Synced and Healthy with no sync running.</param>
public sealed record RollingSyncStepState(int Index, IReadOnlyList<string> Apps, bool Complete);

/// <summary>Which apps may sync now under a RollingSync.</summary>
/// <param name="CurrentStep">The first step that is not complete; null when every step is.</param>
/// <param name="MaySync">Apps of the current step that may start a sync now (OutOfSync or Unknown, within maxUpdate), by name.</param>
/// <param name="Steps">Every step.</param>
/// <param name="NotInAnyStep">Apps no step selects: RollingSync never syncs them (sync them by hand, as in Argo CD).</param>
public sealed record RollingSyncPlan(int? CurrentStep, IReadOnlyList<string> MaySync, IReadOnlyList<RollingSyncStepState> Steps, IReadOnlyList<string> NotInAnyStep);

/// <summary>
/// Argo CD's progressive sync (<c>strategy: RollingSync</c>) as a pure function over app statuses: apps of step n+1 may sync
/// only when every app of steps 1..n is Synced and Healthy. Within the current step, at most <c>maxUpdate</c> apps are updating
/// at once (a count, or a percentage of the step rounded down, at least one; 0 lets none sync); an app updating is one with a
/// sync running or Synced but not yet Healthy. The controller gates automated syncs of a set's apps with it.
/// </summary>
public static class RollingSync
{
    public static RollingSyncPlan Evaluate(RollingSyncStrategy strategy, IReadOnlyList<RollingSyncApp> apps)
    {
        var byStep = strategy.Steps.Select(_ => new List<RollingSyncApp>()).ToList();
        var unmatched = new List<string>();
        foreach (var app in apps.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var step = -1;
            for (var i = 0; i < strategy.Steps.Count && step < 0; i++)
            {
                if (LabelRequirement.All(strategy.Steps[i].MatchExpressions, key => app.Labels.TryGetValue(key, out var v) ? v : null)) step = i;
            }
            if (step < 0) unmatched.Add(app.Name);
            else byStep[step].Add(app);
        }
        var states = byStep.Select((members, i) => new RollingSyncStepState(i, members.Select(a => a.Name).ToList(), members.All(Done))).ToList();
        var current = states.FirstOrDefault(s => !s.Complete)?.Index;
        var maySync = new List<string>();
        if (current is { } index)
        {
            var members = byStep[index];
            var limit = strategy.Steps[index].MaxUpdate?.Limit(members.Count) ?? members.Count;
            var updating = members.Count(a => a.OperationRunning || (a.SyncStatus == AppSyncStatus.Synced && a.Health != HealthStatus.Healthy));
            maySync.AddRange(members.Where(a => !a.OperationRunning && a.SyncStatus != AppSyncStatus.Synced).Take(Math.Max(0, limit - updating)).Select(a => a.Name));
        }
        return new RollingSyncPlan(current, maySync, states, unmatched);
    }

    private static bool Done(RollingSyncApp app) => !app.OperationRunning && app.SyncStatus == AppSyncStatus.Synced && app.Health == HealthStatus.Healthy;
}
