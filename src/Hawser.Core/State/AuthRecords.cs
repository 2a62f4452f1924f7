namespace Hawser.State;

/// <summary>What the store keeps about a local account (the accounts themselves are declared in <c>argocd-cm</c>).</summary>
/// <param name="Name">The account name.</param>
/// <param name="PasswordHash">The adaptive hash of its password, or null when none was ever set.</param>
/// <param name="PasswordChangedAt">When the password was last set; sessions issued before it are no longer valid.</param>
/// <param name="FailedLogins">Failed logins since <paramref name="FirstFailedAt"/>.</param>
/// <param name="FirstFailedAt">The first failure of the current series.</param>
/// <param name="LockedUntil">Logins are refused until then.</param>
public sealed record AccountRecord(string Name, string? PasswordHash, DateTimeOffset? PasswordChangedAt, int FailedLogins, DateTimeOffset? FirstFailedAt, DateTimeOffset? LockedUntil);

/// <summary>An issued API token (of an account) or project role token (subject <c>proj:NAME:ROLE</c>). The token itself is never stored.</summary>
public sealed record TokenRecord(string Id, string Subject, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt = null)
{
    /// <summary>True when not revoked and not expired at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Accounts, tokens and server secrets.</summary>
public interface IAccountStore
{
    /// <summary>The account's stored state, or null when nothing was stored for it yet.</summary>
    Task<AccountRecord?> GetAccountAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets the password hash (and its time), and clears login failures.</summary>
    Task SetPasswordAsync(string name, string passwordHash, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed login at <paramref name="at"/>: a series older than <paramref name="window"/> starts over; reaching
    /// <paramref name="maxFailures"/> locks the account until <paramref name="at"/> + <paramref name="lockout"/>. Returns the new state.
    /// </summary>
    Task<AccountRecord> RecordLoginFailureAsync(string name, DateTimeOffset at, int maxFailures, TimeSpan window, TimeSpan lockout, CancellationToken cancellationToken);

    /// <summary>Clears the account's failures and lock (after a successful login).</summary>
    Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores an issued token (id unique).</summary>
    Task SaveTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>One token by id, or null.</summary>
    Task<TokenRecord?> GetTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>The subject's tokens, oldest first (revoked ones included).</summary>
    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Revokes a token of <paramref name="subject"/>; false when it has no such active token.</summary>
    Task<bool> RevokeTokenAsync(string subject, string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends a login session (a logout): token <paramref name="id"/> of <paramref name="subject"/> is refused from now on;
    /// the record is kept until <paramref name="expiresAt"/>, when the session would have ended anyway.</summary>
    Task RevokeSessionAsync(string id, string subject, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>True when session <paramref name="id"/> was ended by a logout.</summary>
    Task<bool> IsSessionRevokedAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets revoked sessions that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> SweepRevokedSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The server secret <paramref name="name"/>, created with <paramref name="create"/> (once, atomically) when missing.</summary>
    Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken);
}

/// <summary>The outcome of an audited action.</summary>
public enum AuditOutcome
{
    Succeeded,
    Failed,
    Denied,
}

/// <summary>
/// One audit log entry: who (actor, its kind, groups, token id), did what (action on resource/object, app and project),
/// from where, when, and the outcome. <paramref name="Detail"/> is free text written by Hawser, never a secret value.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string ActorKind,
    IReadOnlyList<string> Groups,
    string? TokenId,
    string Action,
    string Resource,
    string Object,
    string? App,
    string? Project,
    string Source,
    AuditOutcome Outcome,
    string Detail,
    long Id = 0);

/// <summary>Which audit entries to read; null fields do not filter.</summary>
public sealed record AuditQuery(string? App = null, string? Actor = null, DateTimeOffset? Since = null, int Limit = 1000);

/// <summary>The append-only audit log: entries are added and read, never changed; only retention removes old ones.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry and returns its id.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Removes entries older than <paramref name="before"/> (retention); returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
