using Microsoft.Data.Sqlite;
using Hawser.Manifests;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore
{
    private const string OperationColumns =
        "id, app, revisions, source, initiator, dry_run, started_at, finished_at, phase, message, step_state";

    public async Task<OperationRecord> BeginOperationAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.App);
        var record = await InTransactionAsync(async transaction =>
        {
            await using (var running = _connection.Command(transaction,
                "SELECT id FROM operations WHERE app = $app AND phase = 'Running' ORDER BY id LIMIT 1", ("$app", request.App)))
            {
                if (await running.ExecuteScalarAsync(cancellationToken) is long existing)
                    throw new OperationInProgressException(request.App, existing);
            }
            await using (var insert = _connection.Command(transaction, """
                INSERT INTO operations (app, revisions, source, initiator, dry_run, started_at, finished_at, phase, message, step_state)
                VALUES ($app, $revisions, $source, $initiator, $dry, $started, NULL, 'Running', '', NULL)
                """,
                ("$app", request.App), ("$revisions", SqlCommands.FormatList(request.Revisions)), ("$source", request.SourceJson),
                ("$initiator", request.Initiator), ("$dry", request.DryRun ? 1 : 0), ("$started", Now())))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var id = _connection.Command(transaction, "SELECT last_insert_rowid()");
            var operationId = (long)(await id.ExecuteScalarAsync(cancellationToken))!;
            return (await ReadOperationAsync(transaction, operationId, cancellationToken))!;
        }, cancellationToken);
        StateLog.OperationStarted(_logger, record.Id, record.App);
        return record;
    }

    public Task SaveOperationStepAsync(OperationStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return InTransactionAsync(async transaction =>
        {
            await RequireRunningAsync(transaction, step.OperationId, cancellationToken);
            await using (var update = _connection.Command(transaction,
                "UPDATE operations SET message = $message, step_state = $state WHERE id = $id",
                ("$message", step.Message), ("$state", step.StepState), ("$id", step.OperationId)))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            await ReplaceTasksAsync(transaction, step.OperationId, step.Tasks, cancellationToken);
        }, cancellationToken);
    }

    public async Task<OperationRecord> CompleteOperationAsync(OperationCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (completion.Phase == OperationPhase.Running)
            throw new ArgumentException("an operation completes with a final phase, not Running", nameof(completion));
        var record = await InTransactionAsync(async transaction =>
        {
            var running = await RequireRunningAsync(transaction, completion.OperationId, cancellationToken);
            var finishedAt = Now();
            await using (var update = _connection.Command(transaction,
                "UPDATE operations SET phase = $phase, message = $message, finished_at = $finished, step_state = NULL WHERE id = $id",
                ("$phase", completion.Phase.ToString()), ("$message", completion.Message), ("$finished", finishedAt),
                ("$id", completion.OperationId)))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            await ReplaceTasksAsync(transaction, completion.OperationId, completion.Tasks, cancellationToken);
            if (!running.DryRun)
                await AppendHistoryAsync(transaction, running, completion, finishedAt, cancellationToken);
            await using (var cleanup = _connection.Command(transaction, """
                DELETE FROM operations
                WHERE app = $app AND phase <> 'Running' AND id <> $id
                  AND id NOT IN (SELECT operation_id FROM history WHERE app = $app)
                """, ("$app", running.App), ("$id", completion.OperationId)))
            {
                await cleanup.ExecuteNonQueryAsync(cancellationToken);
            }
            return (await ReadOperationAsync(transaction, completion.OperationId, cancellationToken))!;
        }, cancellationToken);
        StateLog.OperationCompleted(_logger, record.Id, record.App, record.Phase);
        return record;
    }

    public Task<OperationRecord?> GetOperationAsync(long operationId, CancellationToken cancellationToken) =>
        InReadTransactionAsync(transaction => ReadOperationAsync(transaction, operationId, cancellationToken), cancellationToken);

    public Task<OperationRecord?> GetLatestOperationAsync(string app, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT id FROM operations WHERE app = $app ORDER BY id DESC LIMIT 1", ("$app", app));
            return await query.ExecuteScalarAsync(cancellationToken) is long id
                ? await ReadOperationAsync(transaction, id, cancellationToken)
                : null;
        }, cancellationToken);

    public Task<IReadOnlyList<OperationRecord>> GetRunningOperationsAsync(CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<OperationRecord>>(async transaction =>
        {
            var ids = new List<long>();
            await using (var query = _connection.Command(transaction, "SELECT id FROM operations WHERE phase = 'Running' ORDER BY id"))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
            }
            var records = new List<OperationRecord>(ids.Count);
            foreach (var id in ids) records.Add((await ReadOperationAsync(transaction, id, cancellationToken))!);
            return records;
        }, cancellationToken);

    private async Task<OperationRecord> RequireRunningAsync(SqliteTransaction transaction, long operationId, CancellationToken cancellationToken)
    {
        var record = await ReadOperationAsync(transaction, operationId, cancellationToken)
            ?? throw new StateException($"operation {operationId} does not exist");
        if (record.Phase != OperationPhase.Running)
            throw new StateException($"operation {operationId} of app {record.App} already finished ({record.Phase})");
        return record;
    }

    private async Task<OperationRecord?> ReadOperationAsync(SqliteTransaction transaction, long operationId, CancellationToken cancellationToken)
    {
        OperationRecord record;
        await using (var query = _connection.Command(transaction, $"SELECT {OperationColumns} FROM operations WHERE id = $id", ("$id", operationId)))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            record = new OperationRecord(
                Id: reader.GetInt64(0),
                App: reader.GetString(1),
                Revisions: SqlCommands.ParseList(reader.GetString(2)),
                SourceJson: reader.GetString(3),
                Initiator: reader.GetString(4),
                DryRun: reader.GetInt64(5) != 0,
                StartedAt: SqlCommands.ParseTime(reader.GetString(6)),
                FinishedAt: reader.IsDBNull(7) ? null : SqlCommands.ParseTime(reader.GetString(7)),
                Phase: SqlCommands.ParseEnum<OperationPhase>(reader.GetString(8)),
                Message: reader.GetString(9),
                Tasks: [],
                StepState: reader.IsDBNull(10) ? null : reader.GetString(10));
        }
        return record with { Tasks = await ReadTasksAsync(transaction, operationId, cancellationToken) };
    }

    private async Task<IReadOnlyList<SyncTaskResult>> ReadTasksAsync(SqliteTransaction transaction, long operationId, CancellationToken cancellationToken)
    {
        await using var query = _connection.Command(transaction, """
            SELECT grp, kind, namespace, name, api_version, phase, wave, action, message, hook
            FROM operation_tasks WHERE operation_id = $id ORDER BY seq
            """, ("$id", operationId));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var tasks = new List<SyncTaskResult>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(new SyncTaskResult(
                new ResourceKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                reader.GetString(4),
                SqlCommands.ParseEnum<SyncTaskPhase>(reader.GetString(5)),
                reader.GetInt32(6),
                SqlCommands.ParseEnum<SyncTaskAction>(reader.GetString(7)),
                reader.GetString(8),
                reader.GetInt64(9) != 0));
        }
        return tasks;
    }

    /// <summary>Replaces an operation's task results, keeping the caller's order.</summary>
    private async Task ReplaceTasksAsync(SqliteTransaction transaction, long operationId, IReadOnlyList<SyncTaskResult> tasks, CancellationToken cancellationToken)
    {
        await using (var clear = _connection.Command(transaction, "DELETE FROM operation_tasks WHERE operation_id = $id", ("$id", operationId)))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var insert = _connection.Command(transaction, """
            INSERT INTO operation_tasks (operation_id, seq, grp, kind, namespace, name, api_version, phase, wave, action, message, hook)
            VALUES ($id, $seq, $grp, $kind, $ns, $name, $api, $phase, $wave, $action, $message, $hook)
            """, ("$id", operationId), ("$seq", 0), ("$grp", ""), ("$kind", ""), ("$ns", ""), ("$name", ""), ("$api", ""),
            ("$phase", ""), ("$wave", 0), ("$action", ""), ("$message", ""), ("$hook", 0));
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            insert.Parameters["$seq"].Value = i;
            insert.Parameters["$grp"].Value = task.Key.Group;
            insert.Parameters["$kind"].Value = task.Key.Kind;
            insert.Parameters["$ns"].Value = task.Key.Namespace;
            insert.Parameters["$name"].Value = task.Key.Name;
            insert.Parameters["$api"].Value = task.ApiVersion;
            insert.Parameters["$phase"].Value = task.Phase.ToString();
            insert.Parameters["$wave"].Value = task.Wave;
            insert.Parameters["$action"].Value = task.Action.ToString();
            insert.Parameters["$message"].Value = task.Message;
            insert.Parameters["$hook"].Value = task.IsHook ? 1 : 0;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
