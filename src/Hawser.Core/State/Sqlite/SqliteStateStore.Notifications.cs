namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore : INotificationSentStore
{
    private const string KeyFilter = "app = $app AND trigger_name = $trigger AND condition_key = $condition AND destination = $destination";

    public INotificationSentStore Notifications => this;

    public Task<bool> WasSentAsync(NotificationKey key, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction, $"SELECT 1 FROM notifications_sent WHERE {KeyFilter} AND once_per = $once",
                Parameters(key));
            return await query.ExecuteScalarAsync(cancellationToken) is not null;
        }, cancellationToken);

    public Task MarkSentAsync(NotificationKey key, DateTimeOffset at, int keepPerCondition, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using (var upsert = _connection.Command(transaction, """
                INSERT INTO notifications_sent (app, trigger_name, condition_key, destination, once_per, sent_at)
                VALUES ($app, $trigger, $condition, $destination, $once, $at)
                ON CONFLICT DO UPDATE SET sent_at = excluded.sent_at
                """, [.. Parameters(key), ("$at", SqlCommands.FormatTime(at))]))
            {
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var prune = _connection.Command(transaction, $"""
                DELETE FROM notifications_sent WHERE {KeyFilter} AND once_per NOT IN (
                    SELECT once_per FROM notifications_sent WHERE {KeyFilter} ORDER BY sent_at DESC, once_per LIMIT $keep)
                """, [.. Parameters(key), ("$keep", Math.Max(1, keepPerCondition))]);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<bool> ClearSentAsync(NotificationKey key, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, $"DELETE FROM notifications_sent WHERE {KeyFilter} AND once_per = $once",
                Parameters(key));
            return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListNotifiedAppsAsync(CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<string>>(async transaction =>
        {
            await using var query = _connection.Command(transaction, "SELECT DISTINCT app FROM notifications_sent ORDER BY app");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var apps = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) apps.Add(reader.GetString(0));
            return apps;
        }, cancellationToken);

    public Task ForgetNotificationsAsync(string app, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, "DELETE FROM notifications_sent WHERE app = $app", ("$app", app));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private static (string, object?)[] Parameters(NotificationKey key) =>
    [
        ("$app", key.App), ("$trigger", key.Trigger), ("$condition", key.Condition), ("$destination", key.Destination), ("$once", key.OncePer),
    ];
}
