namespace Hawser.State.Sqlite.Migrations;

/// <summary>Inventory, operations with their task results, and history.</summary>
internal sealed class M0001_OperationsAndInventory : IMigration
{
    public int Version => 1;
    public string Name => "operations and inventory";

    public string Sql => """
        CREATE TABLE inventory (
            app TEXT NOT NULL,
            grp TEXT NOT NULL,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            api_version TEXT NOT NULL,
            PRIMARY KEY (app, grp, kind, namespace, name)
        ) WITHOUT ROWID;

        CREATE TABLE operations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            app TEXT NOT NULL,
            revisions TEXT NOT NULL,
            source TEXT NOT NULL,
            initiator TEXT NOT NULL,
            dry_run INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            phase TEXT NOT NULL,
            message TEXT NOT NULL,
            step_state TEXT
        );
        CREATE INDEX operations_by_app ON operations (app, id);
        CREATE INDEX operations_running ON operations (phase, id) WHERE phase = 'Running';

        CREATE TABLE operation_tasks (
            operation_id INTEGER NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            grp TEXT NOT NULL,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            api_version TEXT NOT NULL,
            phase TEXT NOT NULL,
            wave INTEGER NOT NULL,
            action TEXT NOT NULL,
            message TEXT NOT NULL,
            hook INTEGER NOT NULL,
            PRIMARY KEY (operation_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE history (
            app TEXT NOT NULL,
            id INTEGER NOT NULL,
            operation_id INTEGER NOT NULL,
            revisions TEXT NOT NULL,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            deployed_at TEXT NOT NULL,
            initiator TEXT NOT NULL,
            phase TEXT NOT NULL,
            PRIMARY KEY (app, id)
        ) WITHOUT ROWID;

        CREATE TABLE history_counters (
            app TEXT PRIMARY KEY,
            next_id INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;
}
