namespace Hawser.State.Sqlite.Migrations;

/// <summary>Child apps registered by a parent (app-of-apps) and per-app status snapshots.</summary>
internal sealed class M0002_ChildAppsAndStatus : IMigration
{
    public int Version => 2;
    public string Name => "child apps and status";

    public string Sql => """
        CREATE TABLE child_apps (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            parent TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, name)
        ) WITHOUT ROWID;
        CREATE INDEX child_apps_by_parent ON child_apps (parent, kind, name);

        CREATE TABLE app_status (
            app TEXT PRIMARY KEY,
            sync_status TEXT NOT NULL,
            health TEXT NOT NULL,
            health_message TEXT NOT NULL,
            revisions TEXT NOT NULL,
            reconciled_at TEXT NOT NULL,
            detail TEXT NOT NULL
        ) WITHOUT ROWID;
        """;
}
