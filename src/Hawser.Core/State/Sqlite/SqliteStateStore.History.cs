using Microsoft.Data.Sqlite;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore
{
    private const string HistoryColumns = "app, id, operation_id, revisions, source, started_at, deployed_at, initiator, phase";

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string app, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<HistoryEntry>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                $"SELECT {HistoryColumns} FROM history WHERE app = $app ORDER BY id DESC", ("$app", app));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var entries = new List<HistoryEntry>();
            while (await reader.ReadAsync(cancellationToken)) entries.Add(ReadHistory(reader));
            return entries;
        }, cancellationToken);

    public Task<HistoryEntry?> GetHistoryEntryAsync(string app, long id, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                $"SELECT {HistoryColumns} FROM history WHERE app = $app AND id = $id", ("$app", app), ("$id", id));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadHistory(reader) : null;
        }, cancellationToken);

    /// <summary>Adds the entry with the app's next id, then keeps only the newest <c>HistoryLimit</c> entries.</summary>
    private async Task AppendHistoryAsync(
        SqliteTransaction transaction, OperationRecord operation, OperationCompletion completion, string finishedAt, CancellationToken cancellationToken)
    {
        long id;
        await using (var next = _connection.Command(transaction, """
            INSERT INTO history_counters (app, next_id) VALUES ($app, 1)
            ON CONFLICT (app) DO UPDATE SET next_id = next_id + 1
            RETURNING next_id - 1
            """, ("$app", operation.App)))
        {
            id = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var insert = _connection.Command(transaction, $"""
            INSERT INTO history ({HistoryColumns})
            VALUES ($app, $id, $op, $revisions, $source, $started, $deployed, $initiator, $phase)
            """,
            ("$app", operation.App), ("$id", id), ("$op", operation.Id), ("$revisions", SqlCommands.FormatList(operation.Revisions)),
            ("$source", operation.SourceJson), ("$started", SqlCommands.FormatTime(operation.StartedAt)), ("$deployed", finishedAt),
            ("$initiator", operation.Initiator), ("$phase", completion.Phase.ToString())))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var trim = _connection.Command(transaction, """
            DELETE FROM history WHERE app = $app
              AND id NOT IN (SELECT id FROM history WHERE app = $app ORDER BY id DESC LIMIT $keep)
            """, ("$app", operation.App), ("$keep", Math.Max(0, completion.HistoryLimit)));
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    private static HistoryEntry ReadHistory(SqliteDataReader reader) => new(
        App: reader.GetString(0),
        Id: reader.GetInt64(1),
        OperationId: reader.GetInt64(2),
        Revisions: SqlCommands.ParseList(reader.GetString(3)),
        SourceJson: reader.GetString(4),
        StartedAt: SqlCommands.ParseTime(reader.GetString(5)),
        DeployedAt: SqlCommands.ParseTime(reader.GetString(6)),
        Initiator: reader.GetString(7),
        Phase: SqlCommands.ParseEnum<OperationPhase>(reader.GetString(8)));
}
