using Microsoft.Data.Sqlite;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore : IAccountStore
{
    private const string AccountColumns = "name, password_hash, password_changed_at, failed_logins, first_failed_at, locked_until";
    private const string TokenColumns = "id, subject, issued_at, expires_at, revoked_at";

    public IAccountStore Accounts => this;

    public Task<AccountRecord?> GetAccountAsync(string name, CancellationToken cancellationToken) =>
        InReadTransactionAsync(transaction => ReadAccountAsync(transaction, name, cancellationToken), cancellationToken);

    public Task SetPasswordAsync(string name, string passwordHash, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO accounts (name, password_hash, password_changed_at, failed_logins) VALUES ($name, $hash, $at, 0)
                ON CONFLICT (name) DO UPDATE SET password_hash = $hash, password_changed_at = $at, failed_logins = 0,
                    first_failed_at = NULL, locked_until = NULL
                """, ("$name", name), ("$hash", passwordHash), ("$at", SqlCommands.FormatTime(at)));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<AccountRecord> RecordLoginFailureAsync(string name, DateTimeOffset at, int maxFailures, TimeSpan window, TimeSpan lockout, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            var current = await ReadAccountAsync(transaction, name, cancellationToken);
            var fresh = current?.FirstFailedAt is not { } first || at - first > window;
            var failures = fresh ? 1 : current!.FailedLogins + 1;
            var firstFailed = fresh ? at : current!.FirstFailedAt!.Value;
            DateTimeOffset? lockedUntil = failures >= maxFailures ? at + lockout : current?.LockedUntil;
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO accounts (name, failed_logins, first_failed_at, locked_until) VALUES ($name, $n, $first, $locked)
                ON CONFLICT (name) DO UPDATE SET failed_logins = $n, first_failed_at = $first, locked_until = $locked
                """, ("$name", name), ("$n", failures), ("$first", SqlCommands.FormatTime(firstFailed)),
                ("$locked", lockedUntil is { } l ? SqlCommands.FormatTime(l) : null));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return (await ReadAccountAsync(transaction, name, cancellationToken))!;
        }, cancellationToken);

    public Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var update = _connection.Command(transaction,
                "UPDATE accounts SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL WHERE name = $name", ("$name", name));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task SaveTokenAsync(TokenRecord token, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var insert = _connection.Command(transaction, $"INSERT INTO api_tokens ({TokenColumns}) VALUES ($id, $subject, $issued, $expires, NULL)",
                ("$id", token.Id), ("$subject", token.Subject), ("$issued", SqlCommands.FormatTime(token.IssuedAt)),
                ("$expires", token.ExpiresAt is { } e ? SqlCommands.FormatTime(e) : null));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<TokenRecord?> GetTokenAsync(string id, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction, $"SELECT {TokenColumns} FROM api_tokens WHERE id = $id", ("$id", id));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string subject, CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<TokenRecord>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                $"SELECT {TokenColumns} FROM api_tokens WHERE subject = $subject ORDER BY issued_at, id", ("$subject", subject));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var tokens = new List<TokenRecord>();
            while (await reader.ReadAsync(cancellationToken)) tokens.Add(ReadToken(reader));
            return tokens;
        }, cancellationToken);

    public Task<bool> RevokeTokenAsync(string subject, string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var update = _connection.Command(transaction,
                "UPDATE api_tokens SET revoked_at = $at WHERE id = $id AND subject = $subject AND revoked_at IS NULL",
                ("$at", SqlCommands.FormatTime(at)), ("$id", id), ("$subject", subject));
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task RevokeSessionAsync(string id, string subject, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var insert = _connection.Command(transaction, """
                INSERT INTO revoked_sessions (id, subject, revoked_at, expires_at) VALUES ($id, $subject, $at, $expires)
                ON CONFLICT (id) DO NOTHING
                """, ("$id", id), ("$subject", subject), ("$at", SqlCommands.FormatTime(at)), ("$expires", SqlCommands.FormatTime(expiresAt)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<bool> IsSessionRevokedAsync(string id, CancellationToken cancellationToken) =>
        InReadTransactionAsync(async transaction =>
        {
            await using var query = _connection.Command(transaction, "SELECT 1 FROM revoked_sessions WHERE id = $id", ("$id", id));
            return await query.ExecuteScalarAsync(cancellationToken) is not null;
        }, cancellationToken);

    public Task<int> SweepRevokedSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, "DELETE FROM revoked_sessions WHERE expires_at < $now", ("$now", SqlCommands.FormatTime(now)));
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using (var query = _connection.Command(transaction, "SELECT value FROM server_secrets WHERE name = $name", ("$name", name)))
            {
                if (await query.ExecuteScalarAsync(cancellationToken) is string existing) return existing;
            }
            var value = create();
            await using var insert = _connection.Command(transaction, "INSERT INTO server_secrets (name, value) VALUES ($name, $value)", ("$name", name), ("$value", value));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return value;
        }, cancellationToken);

    private async Task<AccountRecord?> ReadAccountAsync(SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var query = _connection.Command(transaction, $"SELECT {AccountColumns} FROM accounts WHERE name = $name", ("$name", name));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new AccountRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Time(reader, 2),
            reader.GetInt32(3), Time(reader, 4), Time(reader, 5));
    }

    private static TokenRecord ReadToken(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), SqlCommands.ParseTime(reader.GetString(2)), Time(reader, 3), Time(reader, 4));

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : SqlCommands.ParseTime(reader.GetString(column));
}
