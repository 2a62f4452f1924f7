using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Hawser.Manifests;
using Hawser.State;
using Hawser.State.Sqlite;
using Hawser.State.Sqlite.Migrations;
using Hawser.Testing;

namespace Hawser.Core.Tests.State;

public sealed class SchemaMigrationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ResourceKey Web = new("apps", "Deployment", "prod", "web");

    [Fact]
    public void Migrations_are_numbered_from_one_in_increasing_order()
    {
        // Numbers are handed out per piece of work, so one may land before a lower one; the migrator applies every missing one.
        var versions = MigrationCatalog.All.Select(m => m.Version).ToList();
        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task A_database_at_an_older_schema_is_upgraded_on_open_and_keeps_its_data()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, StateStores.DatabaseFileName);
        var time = new ManualTimeProvider(StoreFixture.Start);
        long operationId;
        await using (var v1 = await SqliteStateStore.OpenAsync(
            StateStores.FileConnectionString(path), useWal: true, time, NullLogger.Instance, None, schemaVersion: 1))
        {
            await v1.SaveInventoryAsync("guestbook", [new InventoryEntry(Web, "apps/v1")], None);
            var operation = await v1.BeginOperationAsync(StoreFixture.Request("guestbook", "r1"), None);
            operationId = operation.Id;
            await v1.CompleteOperationAsync(new OperationCompletion(operationId, OperationPhase.Succeeded, "ok", []), None);
        }
        Assert.Equal([1], await AppliedVersionsAsync(path));

        await using var store = await StateStores.OpenSqliteAsync(directory.Path, time, None);

        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), await AppliedVersionsAsync(path));
        Assert.Equal([new InventoryEntry(Web, "apps/v1")], await store.GetInventoryAsync("guestbook", None));
        Assert.Equal(operationId, Assert.Single(await store.GetHistoryAsync("guestbook", None)).OperationId);
        await store.UpsertChildAppAsync(new ChildApp("Application", "child", "guestbook", "{}"), None);
        Assert.Single(await store.ListChildAppsAsync("guestbook", None));
    }

    [Fact]
    public async Task Opening_an_already_current_database_applies_nothing_twice()
    {
        using var directory = new TempDirectory();
        await (await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, None)).DisposeAsync();
        await (await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, None)).DisposeAsync();

        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), await AppliedVersionsAsync(Path.Combine(directory.Path, StateStores.DatabaseFileName)));
    }

    [Fact]
    public async Task A_database_written_by_a_newer_hawser_is_refused()
    {
        using var directory = new TempDirectory();
        await (await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, None)).DisposeAsync();
        var path = Path.Combine(directory.Path, StateStores.DatabaseFileName);
        await using (var connection = new SqliteConnection(StateStores.FileConnectionString(path)))
        {
            await connection.OpenAsync(None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00Z')";
            await insert.ExecuteNonQueryAsync(None);
        }

        var error = await Assert.ThrowsAsync<StateException>(() => StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, None));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_store_uses_a_write_ahead_log()
    {
        using var directory = new TempDirectory();
        await using var store = await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, None);
        await using var connection = new SqliteConnection(StateStores.FileConnectionString(Path.Combine(directory.Path, StateStores.DatabaseFileName)));
        await connection.OpenAsync(None);
        await using var query = connection.CreateCommand();
        query.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await query.ExecuteScalarAsync(None));
    }

    private static async Task<List<int>> AppliedVersionsAsync(string path)
    {
        await using var connection = new SqliteConnection(StateStores.FileConnectionString(path));
        await connection.OpenAsync(None);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        await using var reader = await query.ExecuteReaderAsync(None);
        var versions = new List<int>();
        while (await reader.ReadAsync(None)) versions.Add(reader.GetInt32(0));
        return versions;
    }
}
