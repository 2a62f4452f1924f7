using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// The wait step of one wave: polls the wave's objects (through the client, on the engine's <see cref="TimeProvider"/>) until
/// each is Healthy (or has no notion of health, or is Suspended), one is Degraded or its health check fails (a custom
/// script's error is final: waiting cannot change it), or the timeout passes. Hooks must complete:
/// a hook Job is done when its health is Healthy. After the last wave (<see cref="SyncStep.WaitsForHealth"/> false) only hooks
/// are waited for: the health of the last wave's objects is the app's, not the operation's. Finished hooks are deleted as their policy says. The first check of an
/// object uses what the apply returned (or, for an unchanged object, what the comparison read), so objects without a notion
/// of health cost no extra request.
/// </summary>
internal static class HealthWaiter
{
    private const int Parallelism = 8;

    /// <param name="Initial">The live object as read when the sync started, for an object that was not written: its first
    /// check needs no request (a no-op re-sync of a large app then costs no read per object).</param>
    private sealed record Watched(SyncTask Task, GroupVersionKind Kind, ResourceKey Key, KubeObject? Initial = null);

    /// <summary>True when every object of the wave became healthy in time.</summary>
    public static async Task<bool> WaitAsync(SyncRun run, SyncStep step, CancellationToken ct)
    {
        var watched = new List<Watched>();
        foreach (var task in step.Tasks)
        {
            if (task.IsHook)
            {
                var hook = await HookRunner.FindAsync(run, task, ct);
                if (hook is not null && run.ResultOf(task, hook.Key)?.Action != SyncTaskAction.Failed)
                    watched.Add(new Watched(task, hook.GroupVersionKind, hook.Key));
            }
            else if (!step.WaitsForHealth)
            {
                continue;
            }
            else if (run.ResultOf(task)?.Action is SyncTaskAction.Created or SyncTaskAction.Configured)
            {
                watched.Add(new Watched(task, task.Target!.GroupVersionKind, task.Key, run.Written.GetValueOrDefault(task.Key)));
            }
            else if (run.ResultOf(task)?.Action is SyncTaskAction.Unchanged)
            {
                watched.Add(new Watched(task, task.Target!.GroupVersionKind, task.Key, task.Live));
            }
        }
        if (watched.Count == 0) return true;

        var time = run.Services.Time;
        var timeout = run.Request.HealthTimeout ?? run.Services.Settings.HealthTimeout;
        var deadline = time.GetUtcNow() + timeout;
        var pending = watched;
        var ok = true;
        while (true)
        {
            var stillPending = new List<Watched>();
            var lastMessage = new Dictionary<ResourceKey, string>();
            var lives = new KubeObject?[pending.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, pending.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (i, token) => lives[i] = pending[i].Initial ?? await run.Client.GetAsync(pending[i].Kind, pending[i].Key.Namespace, pending[i].Key.Name, token));
            for (var i = 0; i < pending.Count; i++)
            {
                var w = pending[i];
                var live = lives[i];
                var health = live is null ? new HealthResult(HealthStatus.Missing, "not found") : run.Services.Health.Assess(live);
                switch (health?.Status)
                {
                    case null or HealthStatus.Healthy or HealthStatus.Suspended:
                        if (w.Task.IsHook && live is not null) await HookRunner.ApplyDeletePolicyAsync(run, w.Task, live, succeeded: true, ct);
                        break;
                    case HealthStatus.Degraded:
                        ok = false;
                        run.Record(w.Task, SyncTaskAction.Failed, $"{w.Key}: {health.Status}: {health.Message}", w.Key);
                        if (w.Task.IsHook && live is not null) await HookRunner.ApplyDeletePolicyAsync(run, w.Task, live, succeeded: false, ct);
                        break;
                    case HealthStatus.Unknown when health.CheckFailed:
                        // A broken check gives the same answer on every poll: report it now instead of waiting out the timeout.
                        ok = false;
                        run.Record(w.Task, SyncTaskAction.Failed, $"{w.Key}: {health.Message}", w.Key);
                        if (w.Task.IsHook && live is not null) await HookRunner.ApplyDeletePolicyAsync(run, w.Task, live, succeeded: false, ct);
                        break;
                    default:
                        stillPending.Add(w with { Initial = null });
                        lastMessage[w.Key] = health.ToString();
                        break;
                }
            }
            if (stillPending.Count == 0) return ok;
            if (time.GetUtcNow() >= deadline)
            {
                foreach (var w in stillPending)
                    run.Record(w.Task, SyncTaskAction.Failed, $"{w.Key}: not healthy after {timeout}: {lastMessage[w.Key]}", w.Key);
                return false;
            }
            run.Report(step.Id, $"waiting for {stillPending.Count} object(s): " + string.Join(", ", stillPending.Take(3).Select(w => $"{w.Key} ({lastMessage[w.Key]})")));
            pending = stillPending;
            await Task.Delay(run.Services.Settings.PollInterval, time, ct);
        }
    }
}
