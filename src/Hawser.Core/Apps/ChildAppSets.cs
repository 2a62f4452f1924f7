using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Apps;

/// <summary>
/// App-of-apps with ApplicationSets: a set a parent app renders is registered like any child (<see cref="ChildApps"/>), then
/// generated (<see cref="ApplicationSetGenerator"/>) and its Applications registered as children owned by the set
/// (<see cref="ApplicationSetReconciler"/>). Its Applications then sync with the parent's children: those with an automated
/// policy in sync-wave order, or, under <c>strategy: RollingSync</c>, step by step as <see cref="RollingSync"/> allows.
/// </summary>
/// <param name="audit">The controller's audit log, where the server registers and removes generated Applications (null for the CLI).</param>
internal sealed class ChildAppSets(IStateStore store, ApplicationSetGenerator generator, Func<IReadOnlyList<AppSetCluster>> clusters, TimeProvider time,
    Controller.ControllerAudit? audit = null)
{
    private readonly ApplicationSetReconciler _reconciler = new(store);

    /// <summary>What reconciling every set among <paramref name="argoObjects"/> would change (nothing is written).</summary>
    public async Task<List<ChildAppChange>> PlanAsync(IReadOnlyList<KubeObject> argoObjects, IReadOnlyList<ChildAppChange> parentPlan, CancellationToken cancellationToken)
    {
        var result = new List<ChildAppChange>();
        foreach (var set in Sets(argoObjects, parentPlan))
            result.AddRange(Describe(await _reconciler.PlanAsync(await generator.GenerateAsync(set, clusters(), cancellationToken), cancellationToken)));
        return result;
    }

    /// <summary>Generates every registered set among <paramref name="argoObjects"/> and registers, updates and deletes its Applications.</summary>
    public async Task<List<ChildAppChange>> ReconcileAsync(IReadOnlyList<KubeObject> argoObjects, IReadOnlyList<ChildAppChange> parentPlan,
        Func<AppDefinition, CancellationToken, Task> deleteApp, CancellationToken cancellationToken)
    {
        var result = new List<ChildAppChange>();
        foreach (var set in Sets(argoObjects, parentPlan)) result.AddRange(Describe(await ReconcileSetAsync(set, deleteApp, cancellationToken)));
        return result;
    }

    /// <summary>Generates one registered set and registers, updates and deletes its Applications; returns the plan carried out.</summary>
    public async Task<AppSetPlan> ReconcileSetAsync(ApplicationSet set, Func<AppDefinition, CancellationToken, Task> deleteApp, CancellationToken cancellationToken)
    {
        var generation = await generator.GenerateAsync(set, clusters(), cancellationToken);
        var plan = await _reconciler.PlanAsync(generation, cancellationToken);
        await _reconciler.ApplyAsync(plan, deleteApp, cancellationToken);
        if (audit is not null) await audit.AppSetAppliedAsync(plan, cancellationToken);
        await store.SaveAppSetStatusAsync(new AppSetStatusSnapshot(set.Name, plan.Conditions, generation.Revisions, time.GetUtcNow()), cancellationToken);
        return plan;
    }

    /// <summary>A registered set is gone (pruned, or its parent deleted): its Applications are deleted as its policy says.</summary>
    public async Task<List<ChildAppChange>> RemoveAsync(ChildApp setChild, Func<AppDefinition, CancellationToken, Task> deleteApp, CancellationToken cancellationToken)
    {
        if (Read(setChild) is not { } set) return [];
        var plan = await _reconciler.PlanDeletionAsync(set, cancellationToken);
        await _reconciler.ApplyAsync(plan, deleteApp, cancellationToken);
        if (audit is not null) await audit.AppSetAppliedAsync(plan, cancellationToken);
        await store.DeleteAppSetStatusAsync(set.Name, cancellationToken);
        return Describe(plan).ToList();
    }

    /// <summary>
    /// Syncs the Applications of every set registered under <paramref name="parent"/>: automated ones in wave order, or under
    /// RollingSync every app the strategy lets sync, step after step, re-reading each app's status between steps.
    /// </summary>
    public async Task<List<AppSyncReport>> SyncAsync(string parent, Func<AppDefinition, string, Task<AppSyncReport>> sync,
        Func<AppDefinition, Task<AppStatusReport>> status, CancellationToken cancellationToken)
    {
        var reports = new List<AppSyncReport>();
        foreach (var child in (await store.ListChildAppsAsync(parent, cancellationToken)).Where(c => c.Kind == "ApplicationSet"))
        {
            if (Read(child) is not { } set) continue;
            var apps = await _reconciler.ApplicationsAsync(set.Name, cancellationToken);
            if (set.Spec.Strategy is { } rolling)
            {
                reports.AddRange(await RollAsync(set, rolling, apps, sync, status));
                continue;
            }
            foreach (var wave in apps.GroupBy(ChildApps.Wave).OrderBy(w => w.Key))
            {
                foreach (var app in wave.Where(a => a.Application.Spec.SyncPolicy?.Automated is not null)) reports.Add(await sync(app, "automated"));
                if (reports.Any(r => !r.SucceededAndHealthy)) return reports;
            }
        }
        return reports;
    }

    private static async Task<List<AppSyncReport>> RollAsync(ApplicationSet set, RollingSyncStrategy rolling, IReadOnlyList<AppDefinition> apps,
        Func<AppDefinition, string, Task<AppSyncReport>> sync, Func<AppDefinition, Task<AppStatusReport>> status)
    {
        var reports = new List<AppSyncReport>();
        var byName = apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        // Each round syncs at least one app or stops, and an app synced healthy is done: rounds are bounded by the app count.
        for (var round = 0; round <= apps.Count; round++)
        {
            var states = new List<RollingSyncApp>();
            foreach (var app in apps)
            {
                var current = await status(app);
                states.Add(new RollingSyncApp(app.Name, app.Application.Metadata.Labels, current.SyncStatus, current.Health.Status, OperationRunning: false));
            }
            var plan = RollingSync.Evaluate(rolling, states);
            if (plan.MaySync.Count == 0) break;
            foreach (var name in plan.MaySync) reports.Add(await sync(byName[name], $"automated ({set} RollingSync step {plan.CurrentStep + 1})"));
            if (reports.Any(r => !r.SucceededAndHealthy)) break;
        }
        return reports;
    }

    /// <summary>The typed set of a registered ApplicationSet child, or null when it is no longer valid.</summary>
    public static ApplicationSet? Read(ChildApp child)
    {
        if (child.Kind != "ApplicationSet") return null;
        var read = ApplicationReader.Read(ManifestReader.Read(child.ObjectJson, $"ApplicationSet {child.Name} registered by {child.Parent}"));
        return read.Errors.Count == 0 ? read.ApplicationSets.SingleOrDefault() : null;
    }

    private static IEnumerable<ApplicationSet> Sets(IReadOnlyList<KubeObject> argoObjects, IReadOnlyList<ChildAppChange> parentPlan)
    {
        var registered = parentPlan.Where(c => c.Kind == "ApplicationSet" && c.Action is "Registered" or "Unchanged").Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var objects = argoObjects.Where(o => o.Kind == "ApplicationSet" && registered.Contains(o.Name)).ToList();
        return ApplicationReader.Read(objects).ApplicationSets;
    }

    private static IEnumerable<ChildAppChange> Describe(AppSetPlan plan)
    {
        var conflicts = plan.Changes.Where(c => c.Action == AppSetAppAction.Conflict).Select(c => c.Message).ToHashSet(StringComparer.Ordinal);
        foreach (var condition in plan.Conditions.Where(c => c.Type == AppSetCondition.ErrorOccurred && !conflicts.Contains(c.Message)))
            yield return new ChildAppChange("ApplicationSet", plan.Set.Name, "Error", $"{condition.Reason}: {condition.Message}");
        foreach (var change in plan.Changes)
        {
            var action = change.Action switch
            {
                AppSetAppAction.Created or AppSetAppAction.Updated => "Registered",
                AppSetAppAction.Deleted => "Removed",
                AppSetAppAction.Conflict => "Conflict",
                AppSetAppAction.Kept => "Kept",
                _ => "Unchanged",
            };
            yield return new ChildAppChange("Application", change.Name, action, change.Action == AppSetAppAction.Conflict ? change.Message : $"generated by {plan.Set}: {change.Message}");
        }
    }
}
