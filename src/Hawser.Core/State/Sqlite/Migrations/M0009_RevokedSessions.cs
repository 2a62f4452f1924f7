namespace Hawser.State.Sqlite.Migrations;

/// <summary>Sessions ended by a logout (local and SSO): their token id is refused until the session would have expired
/// anyway, then the row is swept.</summary>
internal sealed class M0009_RevokedSessions : IMigration
{
    public int Version => 9;
    public string Name => "revoked sessions";

    public string Sql => """
        CREATE TABLE revoked_sessions (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            revoked_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX revoked_sessions_by_expiry ON revoked_sessions (expires_at);
        """;
}
