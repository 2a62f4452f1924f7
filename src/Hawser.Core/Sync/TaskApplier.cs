using Hawser.Compare;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// The apply step of one wave: writes every task that differs (server-side apply, manager <c>hawser</c>, force; or a
/// replace with <c>Replace=true</c>), never an unchanged one, creates the wave's hooks, and refuses objects tracked by
/// another app. Tasks run in sync order; consecutive objects of the same kind (which cannot depend on each other) are
/// written in parallel. A custom resource whose kind the cluster did not serve at planning time is applied once its CRD
/// (applied earlier in this sync) is established and discovery has been refreshed; when no CRD of the sync defines the kind
/// (<c>SkipDryRunOnMissingResource</c> on an object whose CRD comes from elsewhere), it fails at once naming the kind, as in
/// Argo CD, and <c>syncPolicy.retry</c> decides whether to try again.
/// </summary>
internal static class TaskApplier
{
    private const int Parallelism = 8;

    /// <summary>Applies the tasks; false when any failed (the others are still attempted).</summary>
    public static async Task<bool> ApplyAsync(SyncRun run, SyncStep step, CancellationToken ct)
    {
        var ok = true;
        foreach (var group in ConsecutiveRuns(step.Tasks))
        {
            if (group[0].IsHook)
            {
                foreach (var hook in group) ok &= await GuardAsync(run, hook, () => HookRunner.CreateAsync(run, hook, ct), ct);
                continue;
            }
            // The inventory is saved before anything is written, so a crash in between forgets nothing.
            // Only tracked objects enter it: the namespace CreateNamespace makes is not the app's to prune (as in Argo CD).
            await run.AddToInventoryAsync(group.Where(t => NeedsWrite(t) && TrackingId.Of(t.Target!) is not null).Select(t => t.Target!), ct);
            var failed = 0;
            await Parallel.ForEachAsync(group, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (task, token) =>
            {
                if (!await GuardAsync(run, task, () => ApplyOneAsync(run, task, token), token)) Interlocked.Increment(ref failed);
            });
            run.KeepInTaskOrder(group);
            ok &= failed == 0;
            if (group.Any(t => DesiredPreparation.IsCrd(t.Target!) && NeedsWrite(t))) run.Client.InvalidateDiscovery();
        }
        return ok;
    }

    /// <summary>False for objects that are not written: synced ones and conflicts.</summary>
    private static bool NeedsWrite(SyncTask task) =>
        task.Status is not CompareStatus.Conflict && !(task.Status == CompareStatus.Synced && task.KindServed);

    /// <summary>Runs one task's write, recording an API failure as the task's result instead of ending the sync.</summary>
    private static async Task<bool> GuardAsync(SyncRun run, SyncTask task, Func<Task<bool>> action, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            return await action();
        }
        catch (KubernetesApiException e)
        {
            run.Record(task, SyncTaskAction.Failed, e.Message);
        }
        catch (TimeoutException e)
        {
            run.Record(task, SyncTaskAction.Failed, e.Message);
        }
        catch (UnknownKindException e)
        {
            run.Record(task, SyncTaskAction.Failed, $"{task.Key}: {e.Message}");
        }
        return false;
    }

    private static async Task<bool> ApplyOneAsync(SyncRun run, SyncTask task, CancellationToken ct)
    {
        var target = task.Target!;
        if (task.Status == CompareStatus.Conflict)
        {
            var owner = task.Live is null ? null : TrackingId.Of(task.Live)?.App;
            run.Record(task, SyncTaskAction.Failed, $"{task.Key}: already tracked by app '{owner}'; not taken over");
            return false;
        }
        if (!NeedsWrite(task))
        {
            // Flux ssa/manager_apply.go: never write an unchanged object; it would bump resourceVersion and wake every watcher.
            run.Record(task, SyncTaskAction.Unchanged);
            return true;
        }

        if (!task.KindServed) await WaitUntilServedAsync(run, task, ct);
        KubeObject written;
        if (task.Directives.Options.Replace)
        {
            var live = await run.Client.GetAsync(target.GroupVersionKind, target.Namespace, target.Name, ct);
            var copy = target.DeepClone();
            if (live is null) written = await run.Client.CreateAsync(copy, new WriteOptions(), ct);
            else
            {
                copy.SetMetadataField("resourceVersion", live.ResourceVersion);
                written = await run.Client.UpdateAsync(copy, new WriteOptions(), ct);
            }
        }
        else
        {
            written = await run.Client.ApplyAsync(target.DeepClone(), new ApplyOptions(), ct);
        }
        run.Written[task.Key] = written;
        run.Record(task, task.Live is null ? SyncTaskAction.Created : SyncTaskAction.Configured, task.Directives.Options.Replace ? "replaced" : "");
        return true;
    }

    /// <summary>Splits tasks (already in sync order) into runs of the same group, kind and hook-ness.</summary>
    private static List<List<SyncTask>> ConsecutiveRuns(IReadOnlyList<SyncTask> tasks)
    {
        var runs = new List<List<SyncTask>>();
        foreach (var task in tasks)
        {
            if (runs.Count > 0 && runs[^1][0] is var first && first.IsHook == task.IsHook && first.Key.GroupKind == task.Key.GroupKind)
                runs[^1].Add(task);
            else runs.Add([task]);
        }
        return runs;
    }

    /// <summary>
    /// Waits until discovery serves the task's kind (its CRD, applied by this sync, is established), refreshing discovery
    /// between polls and reporting the wait. A kind no CRD of this sync defines is not waited for: it fails now.
    /// </summary>
    private static async Task WaitUntilServedAsync(SyncRun run, SyncTask task, CancellationToken ct)
    {
        var kind = task.Target!.GroupVersionKind;
        var settings = run.Services.Settings;
        var deadline = run.Services.Time.GetUtcNow() + (run.Request.HealthTimeout ?? settings.HealthTimeout);
        var crdInSync = DesiredPreparation.CrdScopes(run.Request.Desired).ContainsKey(kind.GroupKind);
        while (true)
        {
            run.Client.InvalidateDiscovery();
            try
            {
                await run.Client.GetMappingAsync(kind, ct);
                return;
            }
            catch (UnknownKindException) when (!crdInSync)
            {
                throw new UnknownKindException(kind, $"the cluster does not serve {kind.ApiVersion} {kind.Kind} and no CustomResourceDefinition in this sync defines it " +
                    "(SkipDryRunOnMissingResource); install its CRD first, or let syncPolicy.retry try again");
            }
            catch (UnknownKindException) when (run.Services.Time.GetUtcNow() < deadline)
            {
                run.Report($"apply/{task.Phase}/{task.Wave}", $"waiting for the cluster to serve {kind.ApiVersion} {kind.Kind} (its CustomResourceDefinition was applied by this sync)");
                await Task.Delay(settings.PollInterval, run.Services.Time, ct);
            }
        }
    }
}
