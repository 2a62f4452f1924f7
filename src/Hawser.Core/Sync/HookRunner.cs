using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// Creates hooks and applies their delete policies. Every hook Hawser creates carries the operation id (label
/// <c>hawser.io/operation-id</c>) and its task id (annotation <c>hawser.io/hook-task</c>), so that after a restart the
/// resumed operation finds the hooks it already created instead of creating them again. A hook with <c>generateName</c> is
/// created with POST and gets its name from the server.
/// </summary>
internal static class HookRunner
{
    public const string OperationLabel = "hawser.io/operation-id";
    public const string TaskAnnotation = "hawser.io/hook-task";

    /// <summary>Creates the hook of <paramref name="task"/> unless this operation already did.</summary>
    public static async Task<bool> CreateAsync(SyncRun run, SyncTask task, CancellationToken ct)
    {
        if (await FindAsync(run, task, ct) is { } existing)
        {
            run.Record(task, SyncTaskAction.Created, "created before a restart; not created again", existing.Key);
            return true;
        }
        var hook = task.Target!.DeepClone();
        hook.SetLabel(OperationLabel, run.OperationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hook.SetAnnotation(TaskAnnotation, task.Id);
        var policy = task.Directives.Hook!.DeletePolicy;
        var client = run.Client;
        KubeObject created;
        if (hook.Name.Length == 0)
        {
            created = await client.CreateAsync(hook, new WriteOptions(), ct);
        }
        else
        {
            var previous = await client.GetAsync(hook.GroupVersionKind, hook.Namespace, hook.Name, ct);
            if (previous is not null && policy.HasFlag(HookDeletePolicy.BeforeHookCreation))
            {
                await DeleteAndWaitAsync(run, previous, ct);
                previous = null;
            }
            created = previous is null
                ? await client.CreateAsync(hook, new WriteOptions(), ct)
                : await client.ApplyAsync(hook, new ApplyOptions(), ct);
        }
        run.Hooks[task.Id] = created;
        run.Record(task, SyncTaskAction.Created, "", created.Key);
        return true;
    }

    /// <summary>The live hook this operation created for <paramref name="task"/>, if any.</summary>
    public static async Task<KubeObject?> FindAsync(SyncRun run, SyncTask task, CancellationToken ct)
    {
        if (run.Hooks.TryGetValue(task.Id, out var known)) return known;
        var target = task.Target!;
        var list = await run.Client.ListAsync(target.GroupVersionKind,
            new ListOptions(target.Namespace, LabelSelector: $"{OperationLabel}={run.OperationId}"), ct);
        var found = list.Items.Where(o => o.GetAnnotation(TaskAnnotation) == task.Id).OrderBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault();
        if (found is not null) run.Hooks[task.Id] = found;
        return found;
    }

    /// <summary>Deletes a finished hook when its policy asks for it.</summary>
    public static async Task ApplyDeletePolicyAsync(SyncRun run, SyncTask task, KubeObject live, bool succeeded, CancellationToken ct)
    {
        var policy = task.Directives.Hook!.DeletePolicy;
        if ((succeeded && policy.HasFlag(HookDeletePolicy.HookSucceeded)) || (!succeeded && policy.HasFlag(HookDeletePolicy.HookFailed)))
        {
            await run.Client.DeleteAsync(live.GroupVersionKind, live.Namespace, live.Name, new DeleteOptions(PropagationPolicy.Background), ct);
        }
    }

    private static async Task DeleteAndWaitAsync(SyncRun run, KubeObject previous, CancellationToken ct)
    {
        var client = run.Client;
        var time = run.Services.Time;
        await client.DeleteAsync(previous.GroupVersionKind, previous.Namespace, previous.Name, new DeleteOptions(PropagationPolicy.Background), ct);
        var deadline = time.GetUtcNow() + (run.Request.HealthTimeout ?? run.Services.Settings.HealthTimeout);
        while (await client.GetAsync(previous.GroupVersionKind, previous.Namespace, previous.Name, ct) is { } still && still.Uid == previous.Uid)
        {
            if (time.GetUtcNow() >= deadline)
                throw new TimeoutException($"{previous.Key}: the previous hook was not deleted in time (BeforeHookCreation)");
            await Task.Delay(run.Services.Settings.PollInterval, time, ct);
        }
    }
}
