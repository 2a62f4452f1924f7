using Hawser.Kubernetes;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// The prune step: deletes, in reverse sync order, the objects the app owns (stored inventory plus a live tracking id naming
/// the app) that Git no longer declares. <c>Prune=false</c> objects are kept and reported; without prune enabled every
/// candidate is reported as Skipped. An object is removed from the inventory only after its deletion was accepted, so a
/// crash never forgets an object that still exists.
/// </summary>
internal static class Pruner
{
    public static async Task<bool> PruneAsync(SyncRun run, SyncStep step, CancellationToken ct)
    {
        var ok = true;
        foreach (var task in step.Tasks)
        {
            var live = task.Live!;
            if (!task.Directives.Options.Prune)
            {
                run.Record(task, SyncTaskAction.Skipped, $"{task.Key}: Prune=false: kept");
                continue;
            }
            if (!run.Request.Prune)
            {
                run.Record(task, SyncTaskAction.Skipped, $"{task.Key}: no longer in Git; pruning is not enabled for this sync");
                continue;
            }
            try
            {
                await run.Client.DeleteAsync(live.GroupVersionKind, live.Namespace, live.Name,
                    new DeleteOptions(task.Directives.Options.PrunePropagationPolicy, PreconditionUid: live.Uid.Length > 0 ? live.Uid : null), ct);
                await run.RemoveFromInventoryAsync([task.Key], ct);
                run.Record(task, SyncTaskAction.Deleted, task.Directives.Options.PruneLast ? "pruned last" : "");
            }
            catch (KubernetesApiException e)
            {
                run.Record(task, SyncTaskAction.Failed, e.Message);
                ok = false;
            }
        }
        return ok;
    }
}
