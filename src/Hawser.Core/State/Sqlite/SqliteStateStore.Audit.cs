using Microsoft.Data.Sqlite;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore : IAuditLog
{
    private const string AuditColumns = "id, at, actor, actor_kind, groups, token_id, action, resource, object, app, project, source, outcome, detail";

    public IAuditLog Audit => this;

    public Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var insert = _connection.Command(transaction, """
                INSERT INTO audit_log (at, actor, actor_kind, groups, token_id, action, resource, object, app, project, source, outcome, detail)
                VALUES ($at, $actor, $kind, $groups, $token, $action, $resource, $object, $app, $project, $source, $outcome, $detail)
                RETURNING id
                """,
                ("$at", SqlCommands.FormatTime(entry.At)), ("$actor", entry.Actor), ("$kind", entry.ActorKind), ("$groups", SqlCommands.FormatList(entry.Groups)),
                ("$token", entry.TokenId), ("$action", entry.Action), ("$resource", entry.Resource), ("$object", entry.Object), ("$app", entry.App),
                ("$project", entry.Project), ("$source", entry.Source), ("$outcome", entry.Outcome.ToString()), ("$detail", entry.Detail));
            return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<AuditEntry>>(async transaction =>
        {
            var sql = $"""
                SELECT {AuditColumns} FROM audit_log
                WHERE ($app IS NULL OR app = $app) AND ($actor IS NULL OR actor = $actor) AND ($since IS NULL OR at >= $since)
                ORDER BY id DESC LIMIT $limit
                """;
            await using var command = _connection.Command(transaction, sql, ("$app", query.App), ("$actor", query.Actor),
                ("$since", query.Since is { } s ? SqlCommands.FormatTime(s) : null), ("$limit", Math.Max(1, query.Limit)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<AuditEntry>();
            while (await reader.ReadAsync(cancellationToken)) entries.Add(ReadAudit(reader));
            return entries;
        }, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, "DELETE FROM audit_log WHERE at < $before", ("$before", SqlCommands.FormatTime(before)));
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private static AuditEntry ReadAudit(SqliteDataReader r) => new(
        At: SqlCommands.ParseTime(r.GetString(1)),
        Actor: r.GetString(2),
        ActorKind: r.GetString(3),
        Groups: SqlCommands.ParseList(r.GetString(4)),
        TokenId: r.IsDBNull(5) ? null : r.GetString(5),
        Action: r.GetString(6),
        Resource: r.GetString(7),
        Object: r.GetString(8),
        App: r.IsDBNull(9) ? null : r.GetString(9),
        Project: r.IsDBNull(10) ? null : r.GetString(10),
        Source: r.GetString(11),
        Outcome: SqlCommands.ParseEnum<AuditOutcome>(r.GetString(12)),
        Detail: r.GetString(13),
        Id: r.GetInt64(0));
}
