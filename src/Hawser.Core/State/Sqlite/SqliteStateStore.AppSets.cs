using System.Text.Json;
using Hawser.AppSets;
using Microsoft.Data.Sqlite;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore
{
    public Task<IReadOnlyList<ChildApp>> ListChildAppsOfKindAsync(string kind, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<ChildApp>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT kind, name, parent, body, updated_at FROM child_apps WHERE kind = $kind ORDER BY name", ("$kind", kind));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var children = new List<ChildApp>();
            while (await reader.ReadAsync(cancellationToken)) children.Add(ReadChild(reader));
            return children;
        }, cancellationToken);

    public Task SaveAppSetStatusAsync(AppSetStatusSnapshot status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentException.ThrowIfNullOrEmpty(status.Name);
        return InTransactionAsync(async transaction =>
        {
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO app_set_status (name, conditions, revisions, reconciled_at) VALUES ($name, $conditions, $revisions, $reconciled)
                ON CONFLICT (name) DO UPDATE SET conditions = excluded.conditions, revisions = excluded.revisions, reconciled_at = excluded.reconciled_at
                """, ("$name", status.Name), ("$conditions", JsonSerializer.Serialize(status.Conditions, WebJsonContext.Default.IReadOnlyListAppSetCondition)),
                ("$revisions", SqlCommands.FormatList(status.Revisions)), ("$reconciled", SqlCommands.FormatTime(status.ReconciledAt)));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<AppSetStatusSnapshot?> GetAppSetStatusAsync(string name, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT name, conditions, revisions, reconciled_at FROM app_set_status WHERE name = $name", ("$name", name));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            return new AppSetStatusSnapshot(reader.GetString(0), ReadConditions(reader), SqlCommands.ParseList(reader.GetString(2)), SqlCommands.ParseTime(reader.GetString(3)));
        }, cancellationToken);

    public Task<bool> DeleteAppSetStatusAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, "DELETE FROM app_set_status WHERE name = $name", ("$name", name));
            return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    private static IReadOnlyList<AppSetCondition> ReadConditions(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetString(1), WebJsonContext.Default.IReadOnlyListAppSetCondition) ?? [];
}
