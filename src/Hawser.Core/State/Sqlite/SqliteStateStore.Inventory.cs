using Hawser.Manifests;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore
{
    public Task SaveInventoryAsync(string app, IReadOnlyCollection<InventoryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentNullException.ThrowIfNull(entries);
        return InTransactionAsync(async transaction =>
        {
            await using (var clear = _connection.Command(transaction, "DELETE FROM inventory WHERE app = $app", ("$app", app)))
            {
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var insert = _connection.Command(transaction, """
                INSERT INTO inventory (app, grp, kind, namespace, name, api_version)
                VALUES ($app, $grp, $kind, $ns, $name, $api)
                ON CONFLICT (app, grp, kind, namespace, name) DO UPDATE SET api_version = excluded.api_version
                """, ("$app", app), ("$grp", ""), ("$kind", ""), ("$ns", ""), ("$name", ""), ("$api", ""));
            foreach (var entry in entries)
            {
                insert.Parameters["$grp"].Value = entry.Key.Group;
                insert.Parameters["$kind"].Value = entry.Key.Kind;
                insert.Parameters["$ns"].Value = entry.Key.Namespace;
                insert.Parameters["$name"].Value = entry.Key.Name;
                insert.Parameters["$api"].Value = entry.ApiVersion;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<InventoryEntry>> GetInventoryAsync(string app, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<InventoryEntry>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT grp, kind, namespace, name, api_version FROM inventory WHERE app = $app", ("$app", app));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var entries = new List<InventoryEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = new ResourceKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                entries.Add(new InventoryEntry(key, reader.GetString(4)));
            }
            entries.Sort((a, b) => a.Key.CompareTo(b.Key));
            return entries;
        }, cancellationToken);
}
