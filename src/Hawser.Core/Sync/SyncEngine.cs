using Hawser.Compare;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Sync;

/// <summary>Tunables of the engine.</summary>
/// <param name="PollInterval">How often health and deletions are polled while waiting.</param>
/// <param name="HealthTimeout">How long one wave may take to become healthy unless the request says otherwise.</param>
public sealed record SyncEngineSettings(TimeSpan PollInterval, TimeSpan HealthTimeout)
{
    /// <summary>Where the steps of sync waves are timed (<c>hawser_sync_wave_duration_seconds</c>); none when null.</summary>
    public Observability.HawserMetrics? Metrics { get; init; }

    /// <summary>One second, five minutes.</summary>
    public static readonly SyncEngineSettings Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
}

/// <summary>
/// Syncs an application: makes the cluster equal to its rendered objects, in order, and remembers what it did.
/// <para><b>Compare.</b> The desired objects are compared with the cluster first (<see cref="Comparer"/>): server-side
/// dry-run apply, normalisation, <c>ignoreDifferences</c>. An object that is already as desired is never written.</para>
/// <para><b>Phases.</b> A sync runs three phases in order: <c>PreSync</c>, <c>Sync</c>, <c>PostSync</c>. If any step fails,
/// the remaining steps are skipped and the <c>SyncFail</c> phase runs instead; the operation then ends Failed.</para>
/// <para><b>Hooks.</b> An object annotated <c>argocd.argoproj.io/hook: PreSync|Sync|PostSync|SyncFail</c> (comma-separated
/// for several, <c>Skip</c> to never apply it) is a hook: it is created (POST, so <c>generateName</c> works) in its phase,
/// not compared and not pruned, and must become healthy (a Job must complete) before the phase moves on. Helm's
/// <c>helm.sh/hook</c> is mapped as Argo CD maps it: pre-install/pre-upgrade → PreSync, post-install/post-upgrade →
/// PostSync; <c>helm.sh/hook-weight</c> is the wave of any object without a sync-wave annotation. Delete policies (<c>argocd.argoproj.io/hook-delete-policy</c> or Helm's):
/// BeforeHookCreation (default: an old hook of the same name is deleted before the new one is created), HookSucceeded,
/// HookFailed. Each hook carries the operation id, so a resumed operation never creates a hook twice.</para>
/// <para><b>Waves.</b> Within a phase, objects run in waves (<c>hawser.io/sync-wave</c> or <c>argocd.argoproj.io/sync-wave</c>,
/// an integer, default 0), lowest first. Each wave is applied (server-side apply, field manager <c>hawser</c>, force), then
/// waited on until every object is healthy, one is degraded, or the timeout passes.</para>
/// <para><b>Ordering rule.</b> Tasks are sorted by phase, wave, Helm's kind install order (Namespace, NetworkPolicy, ...,
/// CustomResourceDefinition, RBAC, Service, workloads, Ingress, APIService, then other kinds), namespace and name. A Namespace
/// or CRD of the sync is pulled ahead to the first phase and wave that needs it; a custom resource whose CRD is in the same
/// sync is applied once the CRD is established (discovery is refreshed).</para>
/// <para><b>Prune.</b> Objects the app owns (its stored inventory, confirmed by the live <c>hawser.io/tracking-id</c>) that Git
/// no longer declares are deleted after the Sync phase in reverse order, or at the very end with <c>PruneLast=true</c>;
/// <c>Prune=false</c> keeps them. Nothing tracked by another app is ever touched.</para>
/// <para><b>Operations.</b> Every sync is an operation whose state is saved after every step (through <see cref="IStateStore"/>).
/// A sync of the same revision started while an operation is Running resumes it (completed steps are skipped); a sync of
/// another revision terminates it first. The inventory is saved before each write and after each delete, so a process killed
/// at any point forgets no object. <c>syncPolicy.retry</c> re-runs a failed operation after a backoff.</para>
/// <para><b>One sync per app.</b> A sync holds the app's lock (<see cref="IStateStore.TryLockAppAsync"/>) from start to end,
/// across processes; the operating system releases it when its process dies. A second sync meanwhile fails at once with
/// "another operation is in progress (operation N started by X at T)", or waits with <see cref="SyncRequest.WaitForLock"/>.
/// Only a sync holding the lock resumes or terminates a Running operation, so an operation left Running is always one
/// whose process is gone, and two processes never write for one app at the same time.</para>
/// </summary>
public sealed class SyncEngine
{
    private readonly SyncServices _services;
    private readonly Comparer _comparer;

    public SyncEngine(IKubernetesClient client, IStateStore store, IHealthAssessor health, TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null, SyncEngineSettings? settings = null)
    {
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _services = new SyncServices(client, store, health, time ?? TimeProvider.System, factory.CreateLogger<SyncEngine>(), settings ?? SyncEngineSettings.Default);
        _comparer = new Comparer(client, factory.CreateLogger<Comparer>(), health);
    }

    /// <summary>Runs (or resumes) a sync of <paramref name="request"/> to its end and returns the final operation.</summary>
    /// <exception cref="OperationInProgressException">Another sync of the app is in progress (and <see cref="SyncRequest.WaitForLock"/> is not set).</exception>
    public async Task<SyncResult> SyncAsync(SyncRequest request, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var store = _services.Store;
        if (request.DryRun) return await DryRunAsync(request, cancellationToken);

        await using var appLock = await LockAsync(request, progress, cancellationToken);
        var (operation, stepState) = await StartOrResumeAsync(request, cancellationToken);
        CompareResult? comparison = null;
        IReadOnlyList<SyncTask> plan = [];
        var warnings = new List<string>();
        var results = operation.Tasks;
        OperationPhase phase;
        string message;
        while (true)
        {
            SyncLog.Started(_services.Logger, operation.Id, request.AppName, request.Revision, stepState.Attempt);
            var succeeded = false;
            SyncRun? run = null;
            try
            {
                var inventory = await store.GetInventoryAsync(request.AppName, cancellationToken);
                var (result, prepared) = await _comparer.CompareDetailedAsync(ToCompareRequest(request, inventory) with { DryRunMissing = false }, cancellationToken);
                comparison = result;
                warnings = [.. result.Warnings];
                var ns = await NamespaceToCreateAsync(request, prepared, cancellationToken);
                var syncPlan = SyncPlanner.Plan(result, prepared, request, ns);
                plan = syncPlan.Tasks;
                if (Refusals(request, syncPlan.Tasks) is { Count: > 0 } refused)
                {
                    results = refused;
                    message = $"not permitted by the app's project; nothing was written: {string.Join("; ", refused.Select(r => r.Message))}";
                    phase = OperationPhase.Failed;
                    break;
                }
                run = new SyncRun(_services, request, operation with { Tasks = results }, stepState, ForgetGone(inventory, result, prepared), progress);
                await run.SaveInventoryAsync(cancellationToken);
                foreach (var entry in syncPlan.Skipped) run.Record(entry);
                succeeded = await ExecuteAsync(run, syncPlan, stepState.Attempt, cancellationToken);
                results = run.Results;
                stepState = run.StepState(stepState.Attempt);
                message = succeeded ? "successfully synced" : FailureSummary(results);
                phase = OperationPhase.Failed;
            }
            catch (Exception e) when (e is KubernetesApiException or UnknownKindException or FormatException or InvalidOperationException or TimeoutException or HttpRequestException)
            {
                // What the interrupted attempt did is kept: its writes happened.
                if (run is not null) results = run.Results;
                message = e.Message;
                phase = OperationPhase.Error;
            }

            if (succeeded)
            {
                phase = OperationPhase.Succeeded;
                break;
            }
            var retry = stepState.Attempt;
            if (request.Retry is not { } policy || !policy.Allows(retry)) break;
            var delay = policy.DelayBefore(retry);
            SyncLog.Retrying(_services.Logger, operation.Id, request.AppName, retry, delay);
            var waiting = $"{message} (attempt {retry} failed; retrying in {delay})";
            progress?.Report(new SyncProgress(operation.Id, "retry", waiting));
            await Task.Delay(delay, _services.Time, cancellationToken);
            stepState = new SyncStepState([], retry + 1);
            results = [];
            await store.SaveOperationStepAsync(new OperationStep(operation.Id, waiting, results, stepState.Serialize()), cancellationToken);
        }
        if (stepState.Attempt > 1) message += $" (after {stepState.Attempt} attempts)";
        var final = await store.CompleteOperationAsync(new OperationCompletion(operation.Id, phase, message, results, request.HistoryLimit), cancellationToken);
        SyncLog.Finished(_services.Logger, final.Id, request.AppName, final.Phase.ToString(), final.Message);
        return new SyncResult(final, comparison, plan, warnings);
    }

    /// <summary>
    /// Ends the app's Running operation, if any, as Terminated (for a restarted process that will not resume it). Nothing is
    /// undone and nothing is forgotten: the inventory already lists every object the operation wrote.
    /// </summary>
    public async Task<OperationRecord?> TerminateAsync(string appName, string reason, CancellationToken cancellationToken)
    {
        var running = await _services.Store.GetLatestOperationAsync(appName, cancellationToken);
        if (running is not { Phase: OperationPhase.Running }) return null;
        SyncLog.Terminated(_services.Logger, running.Id, appName, reason);
        return await _services.Store.CompleteOperationAsync(
            new OperationCompletion(running.Id, OperationPhase.Terminated, reason, running.Tasks), cancellationToken);
    }

    private async Task<IAsyncDisposable> LockAsync(SyncRequest request, IProgress<SyncProgress>? progress, CancellationToken ct)
    {
        var reported = false;
        while (true)
        {
            if (await _services.Store.TryLockAppAsync(request.AppName, ct) is { } held) return held;
            var latest = await _services.Store.GetLatestOperationAsync(request.AppName, ct);
            var busy = new OperationInProgressException(request.AppName, latest is { Phase: OperationPhase.Running } ? latest : null);
            if (!request.WaitForLock) throw busy;
            if (!reported) progress?.Report(new SyncProgress(0, "lock", $"{busy.Message}; waiting for it to end"));
            reported = true;
            await Task.Delay(_services.Settings.PollInterval, _services.Time, ct);
        }
    }

    private async Task<(OperationRecord Operation, SyncStepState State)> StartOrResumeAsync(SyncRequest request, CancellationToken ct)
    {
        var latest = await _services.Store.GetLatestOperationAsync(request.AppName, ct);
        if (latest is { Phase: OperationPhase.Running } && latest.Revision == request.Revision && !latest.DryRun)
        {
            SyncLog.Resumed(_services.Logger, latest.Id, request.AppName);
            return (latest, SyncStepState.Parse(latest.StepState));
        }
        if (latest is { Phase: OperationPhase.Running }) await TerminateAsync(request.AppName, $"superseded by a sync of revision {request.Revision}", ct);
        var operation = await _services.Store.BeginOperationAsync(
            new OperationRequest(request.AppName, [request.Revision], request.SourceJson, request.Initiator), ct);
        return (operation, SyncStepState.Initial);
    }

    private static async Task<bool> ExecuteAsync(SyncRun run, SyncPlan plan, int attempt, CancellationToken ct)
    {
        foreach (var step in plan.Steps)
        {
            if (run.Failing) break;
            await RunStepAsync(run, step, step.Id, attempt, ct);
        }
        if (!run.Failing) return true;
        foreach (var step in plan.FailSteps) await RunStepAsync(run, step, "fail/" + step.Id, attempt, ct);
        return false;
    }

    private static async Task RunStepAsync(SyncRun run, SyncStep step, string id, int attempt, CancellationToken ct)
    {
        if (run.IsCompleted(id)) return;
        SyncLog.StepStarted(run.Services.Logger, run.Request.AppName, id);
        // The Namespace the sync creates runs ahead of every wave (wave int.MinValue); say so rather than print the number.
        var wave = step.Wave == int.MinValue ? "namespace step" : $"wave {step.Wave}";
        run.Report(id, $"{step.Kind} {step.Phase} {wave}: {step.Tasks.Count} object(s)");
        var started = run.Services.Time.GetTimestamp();
        var ok = step.Kind switch
        {
            StepKind.Apply => await TaskApplier.ApplyAsync(run, step, ct),
            StepKind.Wait => await HealthWaiter.WaitAsync(run, step, ct),
            _ => await Pruner.PruneAsync(run, step, ct),
        };
        run.Services.Settings.Metrics?.SyncStep(step.Phase.ToString(), step.Kind.ToString().ToLowerInvariant(), run.Services.Time.GetElapsedTime(started));
        run.MarkCompleted(id, failed: !ok);
        await run.SaveAsync(attempt, $"step {id} done", ct);
    }

    private async Task<SyncResult> DryRunAsync(SyncRequest request, CancellationToken ct)
    {
        var inventory = await _services.Store.GetInventoryAsync(request.AppName, ct);
        var (result, prepared) = await _comparer.CompareDetailedAsync(ToCompareRequest(request, inventory), ct);
        var ns = await NamespaceToCreateAsync(request, prepared, ct);
        var plan = SyncPlanner.Plan(result, prepared, request, ns);
        var entries = new List<SyncTaskResult>(plan.Skipped);
        var refused = Refusals(request, plan.Tasks).ToDictionary(r => r.Key);
        foreach (var task in plan.Tasks.Where(t => t.Phase != SyncTaskPhase.SyncFail))
        {
            if (refused.Remove(task.Key, out var refusal))
            {
                entries.Add(refusal);
                continue;
            }
            var (action, message) = task switch
            {
                { IsPrune: true } when !task.Directives.Options.Prune => (SyncTaskAction.Skipped, "Prune=false: would be kept"),
                { IsPrune: true } when !request.Prune => (SyncTaskAction.Skipped, "no longer in Git; pruning is not enabled"),
                { IsPrune: true } => (SyncTaskAction.Deleted, ""),
                { Status: CompareStatus.Conflict } => (SyncTaskAction.Failed, "already tracked by another app; not taken over"),
                { Status: CompareStatus.Synced } => (SyncTaskAction.Unchanged, ""),
                { Live: null } => (SyncTaskAction.Created, ""),
                _ => (SyncTaskAction.Configured, ""),
            };
            entries.Add(new SyncTaskResult(task.Key, (task.Target ?? task.Live)!.ApiVersion, task.Phase, task.Wave, action,
                message.Length == 0 ? "" : $"{task.Key}: {message}", task.IsHook));
        }
        var now = _services.Time.GetUtcNow();
        var state = new OperationRecord(0, request.AppName, [request.Revision], request.SourceJson, request.Initiator, DryRun: true, now, now,
            entries.Any(e => e.Action == SyncTaskAction.Failed) ? OperationPhase.Failed : OperationPhase.Succeeded, "dry run: nothing was written", entries, null);
        return new SyncResult(state, result, plan.Tasks, result.Warnings);
    }

    /// <summary>A Failed result for each task the request's <see cref="SyncRequest.Permission"/> refuses (one per object).</summary>
    private static List<SyncTaskResult> Refusals(SyncRequest request, IReadOnlyList<SyncTask> tasks)
    {
        if (request.Permission is not { } permission) return [];
        var refused = new List<SyncTaskResult>();
        foreach (var task in tasks.DistinctBy(t => t.Key))
        {
            if (permission(task.Key) is { } why)
                refused.Add(new SyncTaskResult(task.Key, (task.Target ?? task.Live)!.ApiVersion, task.Phase, task.Wave, SyncTaskAction.Failed, why, task.IsHook));
        }
        return refused;
    }

    /// <summary>With <c>CreateNamespace=true</c>: the destination Namespace to create, unless it exists or the app declares it.</summary>
    private async Task<KubeObject?> NamespaceToCreateAsync(SyncRequest request, IReadOnlyList<PreparedObject> prepared, CancellationToken ct)
    {
        var ns = request.DestinationNamespace;
        if (!(request.AppOptions ?? SyncOptionSet.Default).CreateNamespace || ns.Length == 0) return null;
        if (prepared.Any(p => p.Target.Key == new ResourceKey("", "Namespace", "", ns))) return null;
        var kind = new GroupVersionKind("", "v1", "Namespace");
        if (await _services.Client.GetAsync(kind, "", ns, ct) is not null) return null;
        return new KubeObject(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = ns },
        });
    }

    /// <summary>The inventory without entries that are neither desired nor still owned live (deleted by someone else, or not ours).</summary>
    private static List<InventoryEntry> ForgetGone(IReadOnlyList<InventoryEntry> inventory, CompareResult result, IReadOnlyList<PreparedObject> prepared)
    {
        var keep = result.Items.Select(i => i.Key).ToHashSet();
        foreach (var p in prepared.Where(p => !p.IsHook)) keep.Add(p.Target.Key);
        return inventory.Where(e => keep.Contains(e.Key)).ToList();
    }

    private static string FailureSummary(IReadOnlyList<SyncTaskResult> results)
    {
        var failed = results.Where(r => r.Action == SyncTaskAction.Failed).ToList();
        return failed.Count == 0 ? "sync failed" : $"{failed.Count} object(s) failed: " + string.Join("; ", failed.Take(5).Select(f => f.Message));
    }

    private static CompareRequest ToCompareRequest(SyncRequest request, IReadOnlyList<InventoryEntry> inventory) =>
        new(request.AppName, request.DestinationNamespace, request.Desired, inventory, request.IgnoreDifferences, request.AppOptions);
}
