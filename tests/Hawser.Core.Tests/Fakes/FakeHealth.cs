using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;

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

/// <summary>Our own State store (in-memory SQLite), recording every step save so tests can see the engine's checkpoints.</summary>
internal sealed class RecordingStateStore(IStateStore inner) : IStateStore
{
    public List<OperationStep> Steps { get; } = [];

    public Task SaveInventoryAsync(string app, IReadOnlyCollection<InventoryEntry> entries, CancellationToken cancellationToken) => inner.SaveInventoryAsync(app, entries, cancellationToken);
    public Task<IReadOnlyList<InventoryEntry>> GetInventoryAsync(string app, CancellationToken cancellationToken) => inner.GetInventoryAsync(app, cancellationToken);
    public Task<OperationRecord> BeginOperationAsync(OperationRequest request, CancellationToken cancellationToken) => inner.BeginOperationAsync(request, cancellationToken);
    public Task<IAsyncDisposable?> TryLockAppAsync(string app, CancellationToken cancellationToken) => inner.TryLockAppAsync(app, cancellationToken);

    public Task SaveOperationStepAsync(OperationStep step, CancellationToken cancellationToken)
    {
        lock (Steps) Steps.Add(step);
        return inner.SaveOperationStepAsync(step, cancellationToken);
    }

    public Task<OperationRecord> CompleteOperationAsync(OperationCompletion completion, CancellationToken cancellationToken) => inner.CompleteOperationAsync(completion, cancellationToken);
    public Task<OperationRecord?> GetOperationAsync(long operationId, CancellationToken cancellationToken) => inner.GetOperationAsync(operationId, cancellationToken);
    public Task<OperationRecord?> GetLatestOperationAsync(string app, CancellationToken cancellationToken) => inner.GetLatestOperationAsync(app, cancellationToken);
    public Task<IReadOnlyList<OperationRecord>> GetRunningOperationsAsync(CancellationToken cancellationToken) => inner.GetRunningOperationsAsync(cancellationToken);
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string app, CancellationToken cancellationToken) => inner.GetHistoryAsync(app, cancellationToken);
    public Task<HistoryEntry?> GetHistoryEntryAsync(string app, long id, CancellationToken cancellationToken) => inner.GetHistoryEntryAsync(app, id, cancellationToken);
    public Task<ChildApp> UpsertChildAppAsync(ChildApp child, CancellationToken cancellationToken) => inner.UpsertChildAppAsync(child, cancellationToken);
    public Task<ChildApp?> GetChildAppAsync(string kind, string name, CancellationToken cancellationToken) => inner.GetChildAppAsync(kind, name, cancellationToken);
    public Task<IReadOnlyList<ChildApp>> ListChildAppsAsync(string parent, CancellationToken cancellationToken) => inner.ListChildAppsAsync(parent, cancellationToken);
    public IAccountStore Accounts => inner.Accounts;
    public IAuditLog Audit => inner.Audit;
    public INotificationSentStore Notifications => inner.Notifications;
    public IParameterOverrideStore ParameterOverrides => inner.ParameterOverrides;
    public Task<bool> DeleteChildAppAsync(string kind, string name, CancellationToken cancellationToken) => inner.DeleteChildAppAsync(kind, name, cancellationToken);
    public Task SaveAppStatusAsync(AppStatusSnapshot status, CancellationToken cancellationToken) => inner.SaveAppStatusAsync(status, cancellationToken);
    public Task<AppStatusSnapshot?> GetAppStatusAsync(string app, CancellationToken cancellationToken) => inner.GetAppStatusAsync(app, cancellationToken);
    public Task<IReadOnlyList<AppStatusSnapshot>> ListAppStatusesAsync(CancellationToken cancellationToken) => inner.ListAppStatusesAsync(cancellationToken);
    public Task DeleteAppStateAsync(string app, CancellationToken cancellationToken) => inner.DeleteAppStateAsync(app, cancellationToken);
    public Task<IReadOnlyList<ChildApp>> ListChildAppsOfKindAsync(string kind, CancellationToken cancellationToken) => inner.ListChildAppsOfKindAsync(kind, cancellationToken);
    public Task SaveAppSetStatusAsync(AppSetStatusSnapshot status, CancellationToken cancellationToken) => inner.SaveAppSetStatusAsync(status, cancellationToken);
    public Task<AppSetStatusSnapshot?> GetAppSetStatusAsync(string name, CancellationToken cancellationToken) => inner.GetAppSetStatusAsync(name, cancellationToken);
    public Task<bool> DeleteAppSetStatusAsync(string name, CancellationToken cancellationToken) => inner.DeleteAppSetStatusAsync(name, cancellationToken);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
