namespace Hawser.State.Sqlite.Migrations;

/// <summary>The last reconciliation of each ApplicationSet: its conditions and the Git revisions its generators read.</summary>
internal sealed class M0006_AppSetStatus : IMigration
{
    public int Version => 6;
    public string Name => "application set status";

    public string Sql => """
        CREATE TABLE app_set_status (
            name TEXT PRIMARY KEY,
            conditions TEXT NOT NULL,
            revisions TEXT NOT NULL,
            reconciled_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX child_apps_by_kind ON child_apps (kind, parent, name);
        """;
}
