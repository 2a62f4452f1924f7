using Hawser.Compare;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.Extensions.Logging;

namespace Hawser.Sync;

/// <summary>The services a sync uses, shared by its steps.</summary>
internal sealed record SyncServices(
    IKubernetesClient Client, ISyncStateStore Store, IHealthAssessor Health, TimeProvider Time, ILogger Logger, SyncEngineSettings Settings);

/// <summary>
/// One attempt of one operation in this process: the request, the state being built, and the inventory. Steps record results
/// here; <see cref="SaveAsync"/> persists the state after each step. The inventory is saved before an object is written and
/// after it is deleted, so a crash can never forget an object that exists.
/// </summary>
internal sealed class SyncRun(SyncServices services, SyncRequest request, SyncOperationState state, IReadOnlyList<InventoryEntry> inventory, IProgress<SyncProgress>? progress)
{
    private readonly List<ChangeSetEntry> _results = [.. state.Results];
    private readonly HashSet<string> _completed = [.. state.CompletedSteps];
    private readonly SortedDictionary<ResourceKey, InventoryEntry> _inventory = new(inventory.DistinctBy(e => e.Key).ToDictionary(e => e.Key));
    private SyncOperationState _state = state;

    public SyncServices Services { get; } = services;
    public IKubernetesClient Client => Services.Client;
    public SyncRequest Request { get; } = request;
    public string OperationId => _state.Id;
    public bool Failing => _state.Failing;
    public IReadOnlyCollection<InventoryEntry> Inventory => _inventory.Values;

    /// <summary>The live hook objects created (or found again) by this operation, by task id.</summary>
    public Dictionary<string, KubeObject> Hooks { get; } = new(StringComparer.Ordinal);

    public bool IsCompleted(string stepId) => _completed.Contains(stepId);

    /// <summary>The recorded outcome of a task, if any.</summary>
    public ChangeSetEntry? ResultOf(SyncTask task, ResourceKey? actualKey = null)
    {
        var key = actualKey ?? task.Key;
        return _results.FindLast(r => r.Phase == task.Phase && r.Key == key && r.IsHook == task.IsHook);
    }

    /// <summary>Records (or replaces) the outcome of a task and reports it.</summary>
    public void Record(SyncTask task, ChangeAction action, string message = "", ResourceKey? actualKey = null)
    {
        var entry = new ChangeSetEntry(actualKey ?? task.Key, task.Phase, task.Wave, action, message, task.IsHook);
        var at = _results.FindIndex(r => r.Phase == entry.Phase && r.Key == entry.Key && r.IsHook == entry.IsHook);
        if (at >= 0) _results[at] = entry;
        else _results.Add(entry);
        progress?.Report(new SyncProgress(OperationId, $"{task.Phase}/{task.Wave}", entry.ToString(), entry.Key, action));
        SyncLog.TaskDone(Services.Logger, Request.AppName, entry.Key.ToString(), action.ToString());
    }

    /// <summary>Records an entry that belongs to no task (a skipped hook).</summary>
    public void Record(ChangeSetEntry entry)
    {
        if (!_results.Contains(entry)) _results.Add(entry);
    }

    public void Report(string step, string message) => progress?.Report(new SyncProgress(OperationId, step, message));

    public void MarkCompleted(string stepId, bool failed)
    {
        _completed.Add(stepId);
        if (failed && !_state.Failing) _state = _state with { Failing = true };
    }

    /// <summary>The state as it stands.</summary>
    public SyncOperationState Snapshot() => _state with { CompletedSteps = [.. _completed.Order(StringComparer.Ordinal)], Results = [.. _results] };

    /// <summary>Saves the operation state.</summary>
    public Task SaveAsync(CancellationToken cancellationToken) => Services.Store.SaveOperationAsync(Snapshot(), cancellationToken);

    /// <summary>Adds objects to the inventory and saves it, before they are written.</summary>
    public async Task AddToInventoryAsync(KubeObject obj, CancellationToken cancellationToken)
    {
        var entry = InventoryEntry.Of(obj);
        if (_inventory.TryGetValue(entry.Key, out var existing) && existing == entry) return;
        _inventory[entry.Key] = entry;
        await Services.Store.SaveInventoryAsync(Request.AppName, [.. _inventory.Values], cancellationToken);
    }

    /// <summary>Removes objects from the inventory and saves it, after they are gone.</summary>
    public async Task RemoveFromInventoryAsync(IReadOnlyCollection<ResourceKey> keys, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var key in keys) changed |= _inventory.Remove(key);
        if (changed) await Services.Store.SaveInventoryAsync(Request.AppName, [.. _inventory.Values], cancellationToken);
    }
}
