using Hawser.Compare;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>The kind of work a step does.</summary>
internal enum StepKind
{
    Apply,
    Wait,
    Prune,
}

/// <summary>One step of a sync: its stable id and the tasks it concerns, in order.</summary>
internal sealed record SyncStep(string Id, StepKind Kind, SyncTaskPhase Phase, int Wave, IReadOnlyList<SyncTask> Tasks)
{
    /// <summary>
    /// For a wait step: whether it waits for the wave's objects to become healthy. Only a wave that another apply step follows
    /// does (health gates the next wave, as in Argo CD); the last one waits only for its hooks to finish, so the operation ends
    /// Succeeded once everything is applied and the app shows Progressing until its objects are healthy (argo-cd #1715, #1826).
    /// </summary>
    public bool WaitsForHealth { get; init; } = true;
}

/// <summary>A planned sync: the tasks in order, the steps of the normal path and of the failure path, and what was left out.</summary>
internal sealed record SyncPlan(IReadOnlyList<SyncTask> Tasks, IReadOnlyList<SyncStep> Steps, IReadOnlyList<SyncStep> FailSteps, IReadOnlyList<SyncTaskResult> Skipped);

/// <summary>
/// Builds the sync plan from a comparison: one task per desired object (phase Sync), one per hook and phase, one per prune
/// candidate; Namespaces and CRDs pulled ahead of the first task that needs them; sorted by <see cref="SyncTaskOrder"/>;
/// then cut into steps: for each phase and wave an apply step and a wait step, the prunes after the Sync phase (in reverse
/// order), the PruneLast prunes at the very end, and the SyncFail hooks on a separate failure path. A wait step with no apply
/// step after it waits for hooks only (<see cref="SyncStep.WaitsForHealth"/>).
/// </summary>
internal static class SyncPlanner
{
    public static SyncPlan Plan(CompareResult comparison, IReadOnlyList<PreparedObject> prepared, SyncRequest request, KubeObject? namespaceToCreate)
    {
        var tasks = new List<SyncTask>();
        var skipped = new List<SyncTaskResult>();
        var selective = request.Resources is { Count: > 0 };
        bool Selected(ResourceKey key) => !selective || request.Resources!.Any(r => r.Matches(key));
        // A selector that matches nothing is a mistake (a typo, a wrong namespace), never a successful sync of nothing.
        var unmatched = selective ? request.Resources!.Where(r => !comparison.Items.Any(i => r.Matches(i.Key))).ToList() : [];
        if (unmatched.Count > 0)
            throw new InvalidOperationException("no object of the app matches " + string.Join(", ",
                unmatched.Select(r => $"{r.Group}:{r.Kind}:{(r.Namespace is null ? "" : r.Namespace + "/")}{r.Name}")) + "; nothing was synced");
        var served = prepared.Where(p => !p.IsHook).GroupBy(p => p.Target.Key).ToDictionary(g => g.Key, g => g.First().KindServed);

        if (namespaceToCreate is not null)
        {
            tasks.Add(new SyncTask(SyncTaskPhase.PreSync, int.MinValue, namespaceToCreate, null,
                ResourceDirectives.Of(namespaceToCreate, SyncOptionSet.Default), CompareStatus.Missing));
        }

        foreach (var item in comparison.Items.Where(i => Selected(i.Key)))
        {
            if (item.Status == CompareStatus.RequiresPruning)
            {
                tasks.Add(new SyncTask(SyncTaskPhase.Sync, item.Directives.Wave, null, item.RawLive, item.Directives, item.Status));
            }
            else
            {
                tasks.Add(new SyncTask(SyncTaskPhase.Sync, item.Directives.Wave, item.Target, item.RawLive, item.Directives, item.Status)
                {
                    KindServed = served.GetValueOrDefault(item.Key, true),
                });
            }
        }

        foreach (var hook in prepared.Where(p => p.IsHook))
        {
            var spec = hook.Directives.Hook!;
            var key = hook.Target.Key;
            if (selective) continue;
            if (spec.Skip)
            {
                skipped.Add(new SyncTaskResult(key, hook.Target.ApiVersion, SyncTaskPhase.Sync, hook.Directives.Wave, SyncTaskAction.Skipped, $"{key}: hook Skip: never applied", IsHook: true));
                continue;
            }
            if (spec.Phases.Count == 0)
            {
                skipped.Add(new SyncTaskResult(key, hook.Target.ApiVersion, SyncTaskPhase.Sync, hook.Directives.Wave, SyncTaskAction.Skipped, $"{key}: Helm hook with no Argo CD phase: not run", IsHook: true));
                continue;
            }
            foreach (var phase in spec.Phases)
                tasks.Add(new SyncTask(phase, hook.Directives.Wave, hook.Target, null, hook.Directives, null) { KindServed = hook.KindServed });
        }

        PullDependenciesAhead(tasks);
        tasks.Sort(SyncTaskOrder.Instance);
        return new SyncPlan(tasks, Steps(tasks, failPath: false), Steps(tasks, failPath: true), skipped);
    }

    /// <summary>
    /// A Namespace or CRD applied by this sync moves to the earliest phase and wave of any task that needs it (an object in
    /// the namespace, a custom resource of the kind), so nothing is applied before what it depends on.
    /// </summary>
    private static void PullDependenciesAhead(List<SyncTask> tasks)
    {
        var crdScopes = new Dictionary<GroupKind, int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            if (t.IsPrune || t.IsHook) continue;
            Func<SyncTask, bool>? needs = null;
            if (t.Key is { Group: "", Kind: "Namespace" })
            {
                var name = t.Key.Name;
                needs = o => o.Key.Namespace == name;
            }
            else if (DesiredPreparation.IsCrd(t.Target!) && DesiredPreparation.CrdScopes([t.Target!]).Keys.FirstOrDefault() is var gk && gk.Kind is not null)
            {
                needs = o => o.Key.GroupKind == gk;
            }
            if (needs is null) continue;
            var earliest = tasks.Where(o => !o.IsPrune && !ReferenceEquals(o, t) && needs(o) && o.Phase != SyncTaskPhase.SyncFail)
                .Select(o => (o.Phase, o.Wave)).DefaultIfEmpty((t.Phase, t.Wave)).Min();
            if (earliest.CompareTo((t.Phase, t.Wave)) < 0) tasks[i] = t with { Phase = earliest.Phase, Wave = earliest.Wave };
        }
    }

    private static List<SyncStep> Steps(List<SyncTask> tasks, bool failPath)
    {
        var steps = new List<SyncStep>();
        if (failPath)
        {
            AddWaves(steps, tasks.Where(t => t.Phase == SyncTaskPhase.SyncFail && !t.IsPrune));
            return steps;
        }
        var prunes = tasks.Where(t => t.IsPrune).ToList();
        AddWaves(steps, tasks.Where(t => t.Phase is SyncTaskPhase.PreSync or SyncTaskPhase.Sync && !t.IsPrune));
        var early = prunes.Where(t => !t.Directives.Options.PruneLast).Reverse().ToList();
        if (early.Count > 0) steps.Add(new SyncStep("prune", StepKind.Prune, SyncTaskPhase.Sync, 0, early));
        AddWaves(steps, tasks.Where(t => t.Phase == SyncTaskPhase.PostSync && !t.IsPrune));
        var last = prunes.Where(t => t.Directives.Options.PruneLast).Reverse().ToList();
        if (last.Count > 0) steps.Add(new SyncStep("prune-last", StepKind.Prune, SyncTaskPhase.Sync, 0, last));
        var lastApply = steps.FindLastIndex(s => s.Kind == StepKind.Apply);
        for (var i = lastApply + 1; i < steps.Count; i++)
        {
            if (steps[i].Kind == StepKind.Wait) steps[i] = steps[i] with { WaitsForHealth = false };
        }
        return steps;
    }

    private static void AddWaves(List<SyncStep> steps, IEnumerable<SyncTask> tasks)
    {
        foreach (var group in tasks.GroupBy(t => (t.Phase, t.Wave)).OrderBy(g => g.Key))
        {
            var list = group.ToList();
            var id = $"{group.Key.Phase}/{group.Key.Wave}";
            steps.Add(new SyncStep($"apply/{id}", StepKind.Apply, group.Key.Phase, group.Key.Wave, list));
            steps.Add(new SyncStep($"wait/{id}", StepKind.Wait, group.Key.Phase, group.Key.Wave, list));
        }
    }
}
