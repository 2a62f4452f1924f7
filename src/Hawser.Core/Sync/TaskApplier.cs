using Hawser.Compare;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// The apply step of one wave: writes every task that differs (server-side apply, manager <c>hawser</c>, force; or a
/// replace with <c>Replace=true</c>), never an unchanged one, creates the wave's hooks, and refuses objects tracked by
/// another app. A custom resource whose kind the cluster did not serve at planning time is applied once its CRD (applied
/// earlier in this sync) is established and discovery has been refreshed.
/// </summary>
internal static class TaskApplier
{
    /// <summary>Applies the tasks in order; false when any failed (the others are still attempted).</summary>
    public static async Task<bool> ApplyAsync(SyncRun run, SyncStep step, CancellationToken ct)
    {
        var ok = true;
        foreach (var task in step.Tasks)
        {
            try
            {
                if (task.IsHook) ok &= await HookRunner.CreateAsync(run, task, ct);
                else ok &= await ApplyOneAsync(run, task, ct);
            }
            catch (KubernetesApiException e)
            {
                run.Record(task, SyncTaskAction.Failed, e.Message);
                ok = false;
            }
            catch (TimeoutException e)
            {
                run.Record(task, SyncTaskAction.Failed, e.Message);
                ok = false;
            }
            catch (UnknownKindException e)
            {
                run.Record(task, SyncTaskAction.Failed, $"{task.Key}: {e.Message}");
                ok = false;
            }
        }
        return ok;
    }

    private static async Task<bool> ApplyOneAsync(SyncRun run, SyncTask task, CancellationToken ct)
    {
        var target = task.Target!;
        switch (task.Status)
        {
            case CompareStatus.Conflict:
                var owner = task.Live is null ? null : TrackingId.Of(task.Live)?.App;
                run.Record(task, SyncTaskAction.Failed, $"{task.Key}: already tracked by app '{owner}'; not taken over");
                return false;
            case CompareStatus.Synced when task.KindServed:
                // Flux ssa/manager_apply.go: never write an unchanged object; it would bump resourceVersion and wake every watcher.
                run.Record(task, SyncTaskAction.Unchanged);
                return true;
        }

        if (!task.KindServed) await WaitUntilServedAsync(run, target.GroupVersionKind, ct);
        await run.AddToInventoryAsync(target, ct);
        if (task.Directives.Options.Replace)
        {
            var live = await run.Client.GetAsync(target.GroupVersionKind, target.Namespace, target.Name, ct);
            var copy = target.DeepClone();
            if (live is null) await run.Client.CreateAsync(copy, new WriteOptions(), ct);
            else
            {
                copy.SetMetadataField("resourceVersion", live.ResourceVersion);
                await run.Client.UpdateAsync(copy, new WriteOptions(), ct);
            }
        }
        else
        {
            await run.Client.ApplyAsync(target.DeepClone(), new ApplyOptions(), ct);
        }
        if (DesiredPreparation.IsCrd(target)) run.Client.InvalidateDiscovery();
        run.Record(task, task.Live is null ? SyncTaskAction.Created : SyncTaskAction.Configured,
            task.Directives.Options.Replace ? "replaced" : "");
        return true;
    }

    /// <summary>Waits until discovery serves <paramref name="kind"/> (its CRD is established), refreshing discovery between polls.</summary>
    private static async Task WaitUntilServedAsync(SyncRun run, GroupVersionKind kind, CancellationToken ct)
    {
        var settings = run.Services.Settings;
        var deadline = run.Services.Time.GetUtcNow() + (run.Request.HealthTimeout ?? settings.HealthTimeout);
        while (true)
        {
            run.Client.InvalidateDiscovery();
            try
            {
                await run.Client.GetMappingAsync(kind, ct);
                return;
            }
            catch (UnknownKindException) when (run.Services.Time.GetUtcNow() < deadline)
            {
                await Task.Delay(settings.PollInterval, run.Services.Time, ct);
            }
        }
    }
}
