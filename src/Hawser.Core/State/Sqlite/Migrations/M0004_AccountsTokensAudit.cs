namespace Hawser.State.Sqlite.Migrations;

/// <summary>Local account passwords and login failures, API and project tokens, server secrets, and the append-only audit log.</summary>
internal sealed class M0004_AccountsTokensAudit : IMigration
{
    public int Version => 4;
    public string Name => "accounts, tokens and audit log";

    public string Sql => """
        CREATE TABLE accounts (
            name TEXT PRIMARY KEY,
            password_hash TEXT,
            password_changed_at TEXT,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            first_failed_at TEXT,
            locked_until TEXT
        ) WITHOUT ROWID;

        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT
        ) WITHOUT ROWID;
        CREATE INDEX api_tokens_by_subject ON api_tokens (subject, issued_at);

        CREATE TABLE server_secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            groups TEXT NOT NULL,
            token_id TEXT,
            action TEXT NOT NULL,
            resource TEXT NOT NULL,
            object TEXT NOT NULL,
            app TEXT,
            project TEXT,
            source TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX audit_log_by_app ON audit_log (app, id);
        CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
        CREATE INDEX audit_log_by_time ON audit_log (at);
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        """;
}
