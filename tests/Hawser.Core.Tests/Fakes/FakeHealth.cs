using Hawser.Health;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Fakes;

/// <summary>Health from the annotation <c>test.hawser.io/health</c> (Healthy, Progressing, Degraded...); no health otherwise.</summary>
internal sealed class FakeHealth : IHealthAssessor
{
    public const string Annotation = "test.hawser.io/health";

    public HealthResult? Assess(KubeObject live) =>
        live.GetAnnotation(Annotation) is { } s ? new HealthResult(Enum.Parse<HealthStatus>(s), "as annotated") : null;
}

/// <summary>A clock that jumps forward by every delay asked of it and records the delays, so waits take no real time.</summary>
internal sealed class JumpingTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public List<TimeSpan> Delays { get; } = [];

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (Delays)
        {
            Delays.Add(dueTime);
            _now += dueTime;
        }
        return new FiredTimer(callback, state);
    }

    private sealed class FiredTimer : ITimer
    {
        public FiredTimer(TimerCallback callback, object? state) => ThreadPool.QueueUserWorkItem(_ => callback(state));

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() { }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>An in-memory state store.</summary>
internal sealed class InMemorySyncStateStore : Hawser.Sync.ISyncStateStore
{
    private readonly Dictionary<string, IReadOnlyList<Hawser.Compare.InventoryEntry>> _inventory = [];

    public List<Hawser.Sync.SyncOperationState> Saves { get; } = [];

    public Dictionary<string, Hawser.Sync.SyncOperationState> Operations { get; } = [];

    public Task<IReadOnlyList<Hawser.Compare.InventoryEntry>> GetInventoryAsync(string app, CancellationToken cancellationToken) =>
        Task.FromResult(_inventory.GetValueOrDefault(app) ?? []);

    public Task SaveInventoryAsync(string app, IReadOnlyList<Hawser.Compare.InventoryEntry> inventory, CancellationToken cancellationToken)
    {
        lock (_inventory) _inventory[app] = inventory;
        return Task.CompletedTask;
    }

    public Task SaveOperationAsync(Hawser.Sync.SyncOperationState operation, CancellationToken cancellationToken)
    {
        lock (Operations)
        {
            Operations[operation.Id] = operation;
            Saves.Add(operation);
        }
        return Task.CompletedTask;
    }

    public Task<Hawser.Sync.SyncOperationState?> GetRunningOperationAsync(string app, CancellationToken cancellationToken) =>
        Task.FromResult(Operations.Values.FirstOrDefault(o => o.AppName == app && o.Phase == Hawser.Sync.OperationPhase.Running));
}
