using Microsoft.Data.Sqlite;
using Hawser.Health;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore
{
    public Task<ChildApp> UpsertChildAppAsync(ChildApp child, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentException.ThrowIfNullOrEmpty(child.Kind);
        ArgumentException.ThrowIfNullOrEmpty(child.Name);
        ArgumentException.ThrowIfNullOrEmpty(child.Parent);
        return InTransactionAsync(async transaction =>
        {
            var existing = await ReadChildAsync(transaction, child.Kind, child.Name, cancellationToken);
            if (existing is not null && existing.Parent != child.Parent) throw new ChildAppConflictException(child, existing.Parent);
            var stored = child with { UpdatedAt = _time.GetUtcNow() };
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO child_apps (kind, name, parent, body, updated_at) VALUES ($kind, $name, $parent, $body, $updated)
                ON CONFLICT (kind, name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, ("$kind", stored.Kind), ("$name", stored.Name), ("$parent", stored.Parent), ("$body", stored.ObjectJson),
                ("$updated", SqlCommands.FormatTime(stored.UpdatedAt)));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return stored;
        }, cancellationToken);
    }

    public Task<ChildApp?> GetChildAppAsync(string kind, string name, CancellationToken cancellationToken) =>
        InReadTransactionAsync(transaction => ReadChildAsync(transaction, kind, name, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ChildApp>> ListChildAppsAsync(string parent, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<ChildApp>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT kind, name, parent, body, updated_at FROM child_apps WHERE parent = $parent ORDER BY kind, name", ("$parent", parent));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var children = new List<ChildApp>();
            while (await reader.ReadAsync(cancellationToken)) children.Add(ReadChild(reader));
            return children;
        }, cancellationToken);

    public Task<bool> DeleteChildAppAsync(string kind, string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction,
                "DELETE FROM child_apps WHERE kind = $kind AND name = $name", ("$kind", kind), ("$name", name));
            return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task SaveAppStatusAsync(AppStatusSnapshot status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentException.ThrowIfNullOrEmpty(status.App);
        return InTransactionAsync(async transaction =>
        {
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO app_status (app, sync_status, health, health_message, revisions, reconciled_at, detail)
                VALUES ($app, $sync, $health, $message, $revisions, $reconciled, $detail)
                ON CONFLICT (app) DO UPDATE SET sync_status = excluded.sync_status, health = excluded.health,
                    health_message = excluded.health_message, revisions = excluded.revisions,
                    reconciled_at = excluded.reconciled_at, detail = excluded.detail
                """, ("$app", status.App), ("$sync", status.SyncStatus.ToString()), ("$health", status.Health.ToString()),
                ("$message", status.HealthMessage), ("$revisions", SqlCommands.FormatList(status.Revisions)),
                ("$reconciled", SqlCommands.FormatTime(status.ReconciledAt)), ("$detail", status.DetailJson));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<AppStatusSnapshot?> GetAppStatusAsync(string app, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            var statuses = await ReadStatusesAsync(transaction, app, cancellationToken);
            return statuses.Count == 0 ? null : statuses[0];
        }, cancellationToken);

    public Task<IReadOnlyList<AppStatusSnapshot>> ListAppStatusesAsync(CancellationToken cancellationToken) =>
        InReadTransactionAsync(transaction => ReadStatusesAsync(transaction, null, cancellationToken), cancellationToken);

    public Task DeleteAppStateAsync(string app, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            foreach (var table in (string[])["inventory", "operations", "history", "history_counters", "app_status", "parameter_overrides"])
            {
                await using var delete = _connection.Command(transaction, $"DELETE FROM {table} WHERE app = $app", ("$app", app));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    private async Task<IReadOnlyList<AppStatusSnapshot>> ReadStatusesAsync(SqliteTransaction transaction, string? app, CancellationToken cancellationToken)
    {
        var sql = "SELECT app, sync_status, health, health_message, revisions, reconciled_at, detail FROM app_status"
            + (app is null ? " ORDER BY app" : " WHERE app = $app");
        await using var query = _connection.Command(transaction, sql, ("$app", app));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var statuses = new List<AppStatusSnapshot>();
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses.Add(new AppStatusSnapshot(
                reader.GetString(0),
                SqlCommands.ParseEnum<AppSyncStatus>(reader.GetString(1)),
                SqlCommands.ParseEnum<HealthStatus>(reader.GetString(2)),
                reader.GetString(3),
                SqlCommands.ParseList(reader.GetString(4)),
                SqlCommands.ParseTime(reader.GetString(5)),
                reader.GetString(6)));
        }
        return statuses;
    }

    private async Task<ChildApp?> ReadChildAsync(SqliteTransaction transaction, string kind, string name, CancellationToken cancellationToken)
    {
        await using var query = _connection.Command(transaction,
            "SELECT kind, name, parent, body, updated_at FROM child_apps WHERE kind = $kind AND name = $name", ("$kind", kind), ("$name", name));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadChild(reader) : null;
    }

    private static ChildApp ReadChild(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), SqlCommands.ParseTime(reader.GetString(4)));
}
