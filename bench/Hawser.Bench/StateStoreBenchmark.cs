using System.Diagnostics;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>State store throughput on a SQLite file (WAL): whole operations with 20 task results, and progress saves.</summary>
internal sealed class StateStoreBenchmark : IBenchmark
{
    private const int Tasks = 20;
    private const int Operations = 500;

    public string Name => "state";
    public string Description => "SQLite state store: operations with 20 task results (begin + 3 step saves + complete with history)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory("hawser-bench-state");
        await using var store = await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, cancellationToken);
        var tasks = Enumerable.Range(0, Tasks)
            .Select(i => new SyncTaskResult(new ResourceKey("apps", "Deployment", "prod", $"web-{i}"), "apps/v1",
                SyncTaskPhase.Sync, i % 3, SyncTaskAction.Configured, "configured", IsHook: false))
            .ToList();

        await RunOperationsAsync(store, tasks, 20, "warmup", cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        await RunOperationsAsync(store, tasks, Operations, "app", cancellationToken);
        stopwatch.Stop();
        var perOperation = stopwatch.Elapsed.TotalMilliseconds / Operations;
        // Each operation is 5 transactions: begin, three step saves, complete.
        Console.WriteLine(FormattableString.Invariant(
            $"  {Operations} operations x {Tasks} tasks: {perOperation:F2} ms per operation, {Operations / stopwatch.Elapsed.TotalSeconds:N0} operations/s, {Operations * 5 / stopwatch.Elapsed.TotalSeconds:N0} transactions/s"));

        stopwatch.Restart();
        const int Reads = 2000;
        for (var i = 0; i < Reads; i++) await store.GetHistoryAsync($"app-{i % 50}", cancellationToken);
        stopwatch.Stop();
        Console.WriteLine(FormattableString.Invariant(
            $"  history reads: {Reads / stopwatch.Elapsed.TotalSeconds:N0} per second (10 entries each)"));
        Console.WriteLine(FormattableString.Invariant(
            $"  database size after {Operations + 20} operations: {new FileInfo(Path.Combine(directory.Path, StateStores.DatabaseFileName)).Length / 1024} KiB (+ WAL)"));
    }

    private static async Task RunOperationsAsync(IStateStore store, List<SyncTaskResult> tasks, int count, string prefix, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var operation = await store.BeginOperationAsync(
                new OperationRequest($"{prefix}-{i % 50}", ["0123456789abcdef0123456789abcdef01234567"], """{"repoURL":"https://git.example.com/c.git","path":"apps"}""", "bench"),
                cancellationToken);
            for (var step = 1; step <= 3; step++)
            {
                await store.SaveOperationStepAsync(
                    new OperationStep(operation.Id, $"step {step}", tasks.Take(step * Tasks / 3).ToList(), $$"""{"step":{{step}}}"""), cancellationToken);
            }
            await store.CompleteOperationAsync(new OperationCompletion(operation.Id, OperationPhase.Succeeded, "synced", tasks), cancellationToken);
        }
    }
}
