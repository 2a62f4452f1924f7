using Hawser.Compare;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;
using Microsoft.Extensions.Logging;

namespace Hawser.Sync;

/// <summary>The services a sync uses, shared by its steps.</summary>
internal sealed record SyncServices(
    IKubernetesClient Client, IStateStore Store, IHealthAssessor Health, TimeProvider Time, ILogger Logger, SyncEngineSettings Settings);

/// <summary>
/// One attempt of one operation in this process: the request, the results being built, the step state and the inventory.
/// Steps record results here; <see cref="SaveAsync"/> persists them after each step. The inventory is saved before an object
/// is written and after it is deleted, so a crash can never forget an object that exists.
/// </summary>
internal sealed class SyncRun(
    SyncServices services, SyncRequest request, OperationRecord operation, SyncStepState stepState, IReadOnlyList<InventoryEntry> inventory,
    IProgress<SyncProgress>? progress)
{
    private readonly List<SyncTaskResult> _results = [.. operation.Tasks];
    private readonly HashSet<string> _completed = [.. stepState.CompletedSteps];
    private readonly SortedDictionary<ResourceKey, InventoryEntry> _inventory = new(inventory.DistinctBy(e => e.Key).ToDictionary(e => e.Key));
    private bool _failing = stepState.Failing;

    public SyncServices Services { get; } = services;
    public IKubernetesClient Client => Services.Client;
    public SyncRequest Request { get; } = request;
    public long OperationId => operation.Id;
    public bool Failing => _failing;
    public IReadOnlyList<SyncTaskResult> Results
    {
        get { lock (_results) return [.. _results]; }
    }

    /// <summary>What the API server returned for each object written in this run, by key.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<ResourceKey, KubeObject> Written { get; } = new();

    /// <summary>The live hook objects created (or found again) by this operation, by task id.</summary>
    public Dictionary<string, KubeObject> Hooks { get; } = new(StringComparer.Ordinal);

    public bool IsCompleted(string stepId) => _completed.Contains(stepId);

    /// <summary>The recorded outcome of a task, if any.</summary>
    public SyncTaskResult? ResultOf(SyncTask task, ResourceKey? actualKey = null)
    {
        var key = actualKey ?? task.Key;
        lock (_results) return _results.FindLast(r => r.Phase == task.Phase && r.Key == key && r.IsHook == task.IsHook);
    }

    /// <summary>Records (or replaces) the outcome of a task and reports it.</summary>
    public void Record(SyncTask task, SyncTaskAction action, string message = "", ResourceKey? actualKey = null)
    {
        var obj = (task.Target ?? task.Live)!;
        Record(new SyncTaskResult(actualKey ?? task.Key, obj.ApiVersion, task.Phase, task.Wave, action, message, task.IsHook));
    }

    /// <summary>Records (or replaces) an entry. Thread-safe: a wave's objects of one kind are applied in parallel.</summary>
    public void Record(SyncTaskResult entry)
    {
        lock (_results)
        {
            var at = _results.FindIndex(r => r.Phase == entry.Phase && r.Key == entry.Key && r.IsHook == entry.IsHook);
            if (at >= 0) _results[at] = entry;
            else _results.Add(entry);
        }
        progress?.Report(new SyncProgress(OperationId, $"{entry.Phase}/{entry.Wave}", entry.Message, entry.Key, entry.Action));
        SyncLog.TaskDone(Services.Logger, Request.AppName, entry.Key.ToString(), entry.Action.ToString());
    }

    /// <summary>
    /// Puts the entries of <paramref name="tasks"/> (written in parallel, so recorded in any order) back in task order at the
    /// end of the change set, so the change set never depends on timing.
    /// </summary>
    public void KeepInTaskOrder(IReadOnlyList<SyncTask> tasks)
    {
        lock (_results)
        {
            var ordered = new List<SyncTaskResult>();
            foreach (var task in tasks)
            {
                var at = _results.FindIndex(r => r.Phase == task.Phase && r.Key == task.Key && r.IsHook == task.IsHook);
                if (at < 0) continue;
                ordered.Add(_results[at]);
                _results.RemoveAt(at);
            }
            _results.AddRange(ordered);
        }
    }

    public void Report(string step, string message) => progress?.Report(new SyncProgress(OperationId, step, message));

    public void MarkCompleted(string stepId, bool failed)
    {
        _completed.Add(stepId);
        _failing |= failed;
    }

    /// <summary>The step state as it stands.</summary>
    public SyncStepState StepState(int attempt) => new([.. _completed.Order(StringComparer.Ordinal)], attempt, _failing);

    /// <summary>Saves the results and the step state.</summary>
    public Task SaveAsync(int attempt, string message, CancellationToken cancellationToken) =>
        Services.Store.SaveOperationStepAsync(new OperationStep(OperationId, message, Results, StepState(attempt).Serialize()), cancellationToken);

    /// <summary>Adds objects to the inventory and saves it (once), before they are written.</summary>
    public async Task AddToInventoryAsync(IEnumerable<KubeObject> objects, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var entry in objects.Select(InventoryEntries.Of))
        {
            if (_inventory.TryGetValue(entry.Key, out var existing) && existing == entry) continue;
            _inventory[entry.Key] = entry;
            changed = true;
        }
        if (changed) await Services.Store.SaveInventoryAsync(Request.AppName, [.. _inventory.Values], cancellationToken);
    }

    /// <summary>Removes objects from the inventory and saves it, after they are gone.</summary>
    public async Task RemoveFromInventoryAsync(IReadOnlyCollection<ResourceKey> keys, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var key in keys) changed |= _inventory.Remove(key);
        if (changed) await Services.Store.SaveInventoryAsync(Request.AppName, [.. _inventory.Values], cancellationToken);
    }

    /// <summary>Saves the inventory as it stands (entries no longer desired nor owned were dropped when the run began).</summary>
    public Task SaveInventoryAsync(CancellationToken cancellationToken) =>
        Services.Store.SaveInventoryAsync(Request.AppName, [.. _inventory.Values], cancellationToken);
}
