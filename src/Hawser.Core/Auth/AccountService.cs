using System.Security.Cryptography;
using Hawser.Apps;
using Hawser.State;

namespace Hawser.Auth;

/// <summary>Login, lockout and token lifetimes.</summary>
/// <param name="MaxFailures">Failed logins within <paramref name="FailureWindow"/> that lock the account.</param>
/// <param name="FailureWindow">How long a series of failures counts.</param>
/// <param name="Lockout">How long a locked account refuses logins.</param>
/// <param name="SessionLifetime">How long a login session lasts (Argo CD: 24h).</param>
/// <param name="HashWorkFactor">BCrypt's work factor (2^n rounds).</param>
public sealed record LoginPolicy(int MaxFailures, TimeSpan FailureWindow, TimeSpan Lockout, TimeSpan SessionLifetime, int HashWorkFactor = 11)
{
    /// <summary>5 failures in 5 minutes lock the account for 5 minutes; sessions last 24 hours.</summary>
    public static LoginPolicy Default { get; } = new(5, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromHours(24));
}

/// <summary>The outcome of a login: a session token, or why not (the same words for an unknown user and a wrong password).</summary>
public sealed record LoginResult(string? Token, string? Error)
{
    public bool Succeeded => Token is not null;
}

/// <summary>
/// Local accounts and Hawser's tokens: the initial admin password, logins with lockout, password changes, sessions, API
/// tokens and project role tokens, and turning a presented token into a <see cref="Caller"/>. Logins and token changes are
/// written to the audit log. Passwords are stored as BCrypt hashes only; tokens are never stored, only their ids.
/// </summary>
public sealed class AccountService
{
    /// <summary>The file in the data directory holding the generated admin password until it is changed (mode 0600).</summary>
    public const string InitialPasswordFile = "initial-admin-password";
    private const string InvalidLogin = "Invalid username or password";
    private const string LoggedOut = "the session ended: logged out";

    private readonly IStateStore _store;
    private readonly Dictionary<string, LocalAccount> _accounts;
    private readonly TokenSigner _signer;
    private readonly TimeProvider _time;
    private readonly LoginPolicy _policy;

    public AccountService(IStateStore store, IReadOnlyList<LocalAccount> accounts, TokenSigner signer, TimeProvider time, LoginPolicy? policy = null)
    {
        _store = store;
        _accounts = accounts.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _signer = signer;
        _time = time;
        _policy = policy ?? LoginPolicy.Default;
    }

    /// <summary>The declared accounts.</summary>
    public IReadOnlyCollection<LocalAccount> Accounts => _accounts.Values;

    /// <summary>
    /// This instance's token signer: the key is argocd-secret's <c>server.secretkey</c> when given, else one generated once
    /// and kept in the state store; the audience is this instance's id (generated once and kept).
    /// </summary>
    public static async Task<TokenSigner> CreateSignerAsync(IStateStore store, string? configuredKey, string issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = configuredKey is { Length: > 0 } k ? System.Text.Encoding.UTF8.GetBytes(k) : null;
        if (key is null || key.Length < 32)
            key = Convert.FromBase64String(await store.Accounts.GetOrCreateSecretAsync("server.secretkey", TokenSigner.NewKey, cancellationToken));
        var instance = await store.Accounts.GetOrCreateSecretAsync("instance.id", () => "hawser-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), cancellationToken);
        return new TokenSigner(key, issuer, instance, time);
    }

    /// <summary>
    /// At first start: gives <c>admin</c> a random password, stored hashed, and writes it to
    /// <c>DATA_DIR/initial-admin-password</c> (readable by its owner only) for <c>hawser admin initial-password</c>.
    /// Returns the file's path, or null when admin already has a password.
    /// </summary>
    /// <param name="declaredHash">argocd-secret's <c>admin.password</c> (a bcrypt hash, as Argo CD keeps it): used instead of a generated password.</param>
    public async Task<string?> EnsureInitialAdminPasswordAsync(string dataDirectory, string? declaredHash, CancellationToken cancellationToken)
    {
        if ((await _store.Accounts.GetAccountAsync(LocalAccounts.Admin, cancellationToken))?.PasswordHash is not null) return null;
        if (declaredHash is { Length: > 0 } && declaredHash.StartsWith("$2", StringComparison.Ordinal))
        {
            await _store.Accounts.SetPasswordAsync(LocalAccounts.Admin, declaredHash, _time.GetUtcNow(), cancellationToken);
            return null;
        }
        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        var path = Path.Combine(dataDirectory, InitialPasswordFile);
        Directory.CreateDirectory(dataDirectory);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(path, options))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await _store.Accounts.SetPasswordAsync(LocalAccounts.Admin, Hash(password), _time.GetUtcNow(), cancellationToken);
        return path;
    }

    /// <summary>Checks a password and returns a session token; failures count toward the lockout and are audited.</summary>
    public async Task<LoginResult> LoginAsync(string user, string password, string source, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_accounts.TryGetValue(user, out var account) || !account.Enabled || !account.Capabilities.HasFlag(AccountCapabilities.Login))
        {
            await AuditAsync(user, "login", AuditOutcome.Failed, source, "unknown, disabled or login-less account", cancellationToken);
            return new LoginResult(null, InvalidLogin);
        }
        var stored = await _store.Accounts.GetAccountAsync(user, cancellationToken);
        if (stored?.LockedUntil is { } locked && locked > now)
        {
            await AuditAsync(user, "login", AuditOutcome.Denied, source, $"account locked until {locked:O}", cancellationToken);
            return new LoginResult(null, $"too many failed logins: account \"{user}\" is locked for {Math.Ceiling((locked - now).TotalMinutes)} more minute(s)");
        }
        if (stored?.PasswordHash is not { } hash || !Verify(password, hash))
        {
            var after = await _store.Accounts.RecordLoginFailureAsync(user, now, _policy.MaxFailures, _policy.FailureWindow, _policy.Lockout, cancellationToken);
            await AuditAsync(user, "login", AuditOutcome.Failed, source, $"wrong password (failure {after.FailedLogins} of {_policy.MaxFailures})", cancellationToken);
            return new LoginResult(null, InvalidLogin);
        }
        await _store.Accounts.ClearLoginFailuresAsync(user, cancellationToken);
        var token = _signer.Issue(new TokenClaims(user, TokenKind.Session, NewId(), Seconds(now), Seconds(now) + _policy.SessionLifetime));
        await AuditAsync(user, "login", AuditOutcome.Succeeded, source, "session created", cancellationToken);
        return new LoginResult(token, null);
    }

    /// <summary>
    /// Sets <paramref name="account"/>'s password after checking <paramref name="actor"/>'s current one (a user changing its
    /// own, or an administrator, whose right to do so the API checks with RBAC, setting another's). Sessions issued before
    /// are void; changing admin's password removes the initial password file.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The actor's current password is wrong.</exception>
    public async Task UpdatePasswordAsync(string actor, string account, string actorPassword, string newPassword, string? dataDirectory, CancellationToken cancellationToken)
    {
        if (newPassword.Length < 8 || newPassword.Length > 72) throw new ArgumentException("the new password must have 8 to 72 characters", nameof(newPassword));
        if (!_accounts.TryGetValue(account, out var target) || !target.Enabled) throw new InvalidOperationException($"account \"{account}\" does not exist or is disabled");
        if ((await _store.Accounts.GetAccountAsync(actor, cancellationToken))?.PasswordHash is not { } hash || !Verify(actorPassword, hash))
        {
            await AuditAsync(actor, "update-password", AuditOutcome.Denied, "api", $"of account {account}: current password wrong", cancellationToken);
            throw new UnauthorizedAccessException("the current password is wrong");
        }
        // Sessions carry whole seconds: one issued in the second of the change stays valid, earlier ones end.
        await _store.Accounts.SetPasswordAsync(account, Hash(newPassword), Seconds(_time.GetUtcNow()), cancellationToken);
        if (account == LocalAccounts.Admin && dataDirectory is not null) File.Delete(Path.Combine(dataDirectory, InitialPasswordFile));
        await AuditAsync(actor, "update-password", AuditOutcome.Succeeded, "api", $"of account {account}", cancellationToken);
    }

    /// <summary>
    /// A session for a user the OIDC provider signed in: subject and groups as the provider's ID token gave them, as long as
    /// a login session lasts. The login is audited.
    /// </summary>
    public async Task<string> IssueSsoSessionAsync(string subject, IReadOnlyList<string> groups, string source, CancellationToken cancellationToken)
    {
        var now = Seconds(_time.GetUtcNow());
        var token = _signer.Issue(new TokenClaims(subject, TokenKind.Sso, NewId(), now, now + _policy.SessionLifetime, groups));
        await _store.Audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), subject, CallerKind.Sso.ToString(), groups, null, "login", RbacResources.Accounts, subject, null, null, source,
            AuditOutcome.Succeeded, "SSO session created"), cancellationToken);
        return token;
    }

    /// <summary>
    /// Ends the login session <paramref name="token"/> stands for (local or SSO; Argo CD revokes a session on logout too): it
    /// is refused from the next request on. API and project tokens are not sessions: they are revoked by id. Returns true
    /// when a session was ended.
    /// </summary>
    public async Task<bool> LogoutAsync(string token, string source, CancellationToken cancellationToken)
    {
        var (claims, _) = await _signer.ValidateAsync(token);
        if (claims is not { Kind: TokenKind.Session or TokenKind.Sso, ExpiresAt: { } expires }) return false;
        await _store.Accounts.RevokeSessionAsync(claims.Id, claims.Subject, _time.GetUtcNow(), expires, cancellationToken);
        await _store.Audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), claims.Subject, claims.Kind == TokenKind.Sso ? CallerKind.Sso.ToString() : "local", claims.Groups ?? [],
            claims.Id, "logout", RbacResources.Accounts, claims.Subject, null, null, source, AuditOutcome.Succeeded, "session ended"), cancellationToken);
        return true;
    }

    /// <summary>Issues an API token for an account with the apiKey capability; <paramref name="id"/> names it (default: a random UUID).</summary>
    /// <exception cref="InvalidOperationException">No such account with the capability, an id that is not a plain name, or one already used.</exception>
    public async Task<(string Token, TokenRecord Record)> GenerateTokenAsync(string account, TimeSpan? expiresIn, CancellationToken cancellationToken, string? id = null)
    {
        if (!_accounts.TryGetValue(account, out var a) || !a.Enabled || !a.Capabilities.HasFlag(AccountCapabilities.ApiKey))
            throw new InvalidOperationException($"account \"{account}\" does not exist, is disabled, or lacks the apiKey capability (argocd-cm accounts.{account}: apiKey)");
        if (id is not null)
        {
            if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new InvalidOperationException($"token id \"{id}\" must be 1 to 64 letters, digits, '-', '_' or '.'");
            if (await _store.Accounts.GetTokenAsync(id, cancellationToken) is not null) throw new InvalidOperationException($"a token with id \"{id}\" already exists");
        }
        return await IssueAsync(account, TokenKind.ApiKey, expiresIn, cancellationToken, id);
    }

    /// <summary>Issues a token for role <paramref name="role"/> of <paramref name="project"/>.</summary>
    public async Task<(string Token, TokenRecord Record)> GenerateProjectTokenAsync(AppProject project, string role, TimeSpan? expiresIn, CancellationToken cancellationToken)
    {
        if (project.Roles.All(r => r.Name != role)) throw new InvalidOperationException($"{project} has no role \"{role}\"");
        return await IssueAsync(ProjectRoleName.Format(project.Name, role), TokenKind.Project, expiresIn, cancellationToken);
    }

    /// <summary>The tokens of an account or project role subject.</summary>
    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string subject, CancellationToken cancellationToken) =>
        _store.Accounts.ListTokensAsync(subject, cancellationToken);

    /// <summary>Revokes a token; it is refused from the next request on.</summary>
    public async Task<bool> RevokeTokenAsync(string subject, string id, CancellationToken cancellationToken)
    {
        var revoked = await _store.Accounts.RevokeTokenAsync(subject, id, _time.GetUtcNow(), cancellationToken);
        await AuditAsync(subject, "revoke-token", revoked ? AuditOutcome.Succeeded : AuditOutcome.Failed, "api", $"token {id}", cancellationToken);
        return revoked;
    }

    /// <summary>
    /// The caller a token stands for, or why it is refused: signature, issuer, audience and expiry first, then the account
    /// (declared, enabled, with the capability; a session older than the last password change is void) or the project role,
    /// then revocation.
    /// </summary>
    public async Task<(Caller? Caller, string? Error)> AuthenticateAsync(string token, IAppProjectSource projects, CancellationToken cancellationToken)
    {
        var (claims, error) = await _signer.ValidateAsync(token);
        if (claims is null) return (null, error);
        switch (claims.Kind)
        {
            case TokenKind.Session:
            {
                if (!_accounts.TryGetValue(claims.Subject, out var account) || !account.Enabled || !account.Capabilities.HasFlag(AccountCapabilities.Login))
                    return (null, "the account no longer exists or is disabled");
                var stored = await _store.Accounts.GetAccountAsync(claims.Subject, cancellationToken);
                if (claims.ExpiresAt is null) return (null, "a session token must expire");
                // A token's iat has whole seconds: a session opened in the same second as the change is not an earlier one.
                if (stored?.PasswordChangedAt is { } changed && claims.IssuedAt < changed.AddTicks(-(changed.Ticks % TimeSpan.TicksPerSecond)))
                    return (null, "the session ended: the password was changed");
                if (await _store.Accounts.IsSessionRevokedAsync(claims.Id, cancellationToken)) return (null, LoggedOut);
                return (new Caller(claims.Subject, [], CallerKind.Local, claims.Id), null);
            }
            case TokenKind.Sso:
                if (claims.ExpiresAt is null) return (null, "a session token must expire");
                return await _store.Accounts.IsSessionRevokedAsync(claims.Id, cancellationToken)
                    ? (null, LoggedOut)
                    : (new Caller(claims.Subject, claims.Groups ?? [], CallerKind.Sso, claims.Id), null);
            case TokenKind.ApiKey:
            {
                if (!_accounts.TryGetValue(claims.Subject, out var account) || !account.Enabled || !account.Capabilities.HasFlag(AccountCapabilities.ApiKey))
                    return (null, "the account no longer exists, is disabled or lacks the apiKey capability");
                return await ActiveAsync(claims, cancellationToken) ? (new Caller(claims.Subject, [], CallerKind.Local, claims.Id), null) : (null, "the token was revoked");
            }
            default:
            {
                if (!ProjectRoleName.TryParse(claims.Subject, out var projectName, out var roleName)) return (null, "the token is malformed");
                var project = await projects.FindAsync(projectName, cancellationToken);
                var role = project?.Roles.FirstOrDefault(r => r.Name == roleName);
                if (role is null) return (null, $"project role {claims.Subject} no longer exists");
                var declared = role.JwtTokens.Any(t => t.Id == claims.Id);
                return declared || await ActiveAsync(claims, cancellationToken)
                    ? (new Caller(claims.Subject, [], CallerKind.ProjectToken, claims.Id), null)
                    : (null, "the token was revoked");
            }
        }
    }

    private async Task<bool> ActiveAsync(TokenClaims claims, CancellationToken cancellationToken) =>
        await _store.Accounts.GetTokenAsync(claims.Id, cancellationToken) is { } record && record.Subject == claims.Subject && record.IsActive(_time.GetUtcNow());

    private async Task<(string, TokenRecord)> IssueAsync(string subject, TokenKind kind, TimeSpan? expiresIn, CancellationToken cancellationToken, string? id = null)
    {
        var now = Seconds(_time.GetUtcNow());
        var record = new TokenRecord(id ?? NewId(), subject, now, expiresIn is { } e && e > TimeSpan.Zero ? now + e : null);
        await _store.Accounts.SaveTokenAsync(record, cancellationToken);
        await AuditAsync(subject, "generate-token", AuditOutcome.Succeeded, "api", $"token {record.Id}" + (record.ExpiresAt is { } x ? $" expires {x:O}" : ""), cancellationToken);
        return (_signer.Issue(new TokenClaims(subject, kind, record.Id, now, record.ExpiresAt)), record);
    }

    private Task AuditAsync(string actor, string action, AuditOutcome outcome, string source, string detail, CancellationToken cancellationToken) =>
        _store.Audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), actor, "local", [], null, action, RbacResources.Accounts, actor, null, null, source, outcome, detail), cancellationToken);

    private string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, _policy.HashWorkFactor);

    private static bool Verify(string password, string hash) => BCrypt.Net.BCrypt.Verify(password, hash);

    private static string NewId() => Guid.NewGuid().ToString("D");

    private static DateTimeOffset Seconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
