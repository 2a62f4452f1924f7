namespace Hawser.State.Sqlite.Migrations;

/// <summary>What the notifications controller sent: one row per app, trigger, condition, destination and <c>oncePer</c>
/// value, so a restart never sends the same notification twice.</summary>
internal sealed class M0007_NotificationsSent : IMigration
{
    public int Version => 7;
    public string Name => "notifications sent";

    public string Sql => """
        CREATE TABLE notifications_sent (
            app TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            condition_key TEXT NOT NULL,
            destination TEXT NOT NULL,
            once_per TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (app, trigger_name, condition_key, destination, once_per)
        ) WITHOUT ROWID;
        """;
}
