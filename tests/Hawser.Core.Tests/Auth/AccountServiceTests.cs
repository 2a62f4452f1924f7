using System.Text;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.Core.Tests.Apps;
using Hawser.Core.Tests.State;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Core.Tests.Auth;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly LoginPolicy Fast = LoginPolicy.Default with { HashWorkFactor = 4 };
    private readonly TempDirectory _dir = new("hawser-auth");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private IStateStore _store = null!;
    private AccountService _accounts = null!;
    private TokenSigner _signer = null!;

    private static readonly Dictionary<string, string> ArgoCm = new()
    {
        ["accounts.alice"] = "apiKey, login",
        ["accounts.ci"] = "apiKey",
        ["accounts.gone"] = "login",
        ["accounts.gone.enabled"] = "false",
    };

    public async Task InitializeAsync()
    {
        _store = await StateStores.OpenSqliteAsync(Path.Combine(_dir.Path, "data"), _time, Ct);
        _signer = await AccountService.CreateSignerAsync(_store, null, "https://hawser.example.com", _time, Ct);
        _accounts = new AccountService(_store, LocalAccounts.Read(ArgoCm, "argocd-cm").Accounts, _signer, _time, Fast);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private string Data => Path.Combine(_dir.Path, "data");

    private async Task<string> InitialPasswordAsync()
    {
        var path = await _accounts.EnsureInitialAdminPasswordAsync(Data, null, Ct);
        Assert.NotNull(path);
        return (await File.ReadAllTextAsync(path, Ct)).Trim();
    }

    private Task<(Caller? Caller, string? Error)> AuthenticateAsync(string token, params AppProject[] projects) =>
        _accounts.AuthenticateAsync(token, new AppProjectRulesTests.ListedProjects(projects), Ct);

    [Fact]
    public void Accounts_are_read_from_argocd_cm_with_their_capabilities()
    {
        var (accounts, warnings) = LocalAccounts.Read(new Dictionary<string, string>(ArgoCm) { ["accounts.bob"] = "login, sudo", ["admin.enabled"] = "false" }, "argocd-cm");
        Assert.Equal(["admin", "alice", "bob", "ci", "gone"], accounts.Select(a => a.Name));
        Assert.False(accounts[0].Enabled);
        Assert.Equal(AccountCapabilities.ApiKey | AccountCapabilities.Login, accounts[1].Capabilities);
        Assert.False(accounts.Single(a => a.Name == "gone").Enabled);
        Assert.Equal("argocd-cm: accounts.bob: unknown capability 'sudo' (expected apiKey or login)", Assert.Single(warnings));
    }

    [Fact]
    public async Task The_initial_admin_password_is_generated_once_readable_by_its_owner_only_and_removed_when_changed()
    {
        var password = await InitialPasswordAsync();
        var path = Path.Combine(Data, AccountService.InitialPasswordFile);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Null(await _accounts.EnsureInitialAdminPasswordAsync(Data, null, Ct));
        Assert.Equal(password, (await File.ReadAllTextAsync(path, Ct)).Trim());
        var stored = await _store.Accounts.GetAccountAsync("admin", Ct);
        Assert.DoesNotContain(password, stored!.PasswordHash!, StringComparison.Ordinal);

        Assert.True((await _accounts.LoginAsync("admin", password, "127.0.0.1", Ct)).Succeeded);
        await _accounts.UpdatePasswordAsync("admin", "admin", password, "a much better password", Data, Ct);
        Assert.False(File.Exists(path));
        Assert.False((await _accounts.LoginAsync("admin", password, "127.0.0.1", Ct)).Succeeded);
        Assert.True((await _accounts.LoginAsync("admin", "a much better password", "127.0.0.1", Ct)).Succeeded);
    }

    [Fact]
    public async Task An_argo_cd_admin_password_hash_is_used_as_it_is()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("from-argocd-secret", 4);
        Assert.Null(await _accounts.EnsureInitialAdminPasswordAsync(Data, hash, Ct));
        Assert.False(File.Exists(Path.Combine(Data, AccountService.InitialPasswordFile)));
        Assert.True((await _accounts.LoginAsync("admin", "from-argocd-secret", "127.0.0.1", Ct)).Succeeded);
    }

    [Fact]
    public async Task A_session_carries_issuer_audience_and_expiry_and_ends_with_a_password_change()
    {
        var password = await InitialPasswordAsync();
        var login = await _accounts.LoginAsync("admin", password, "127.0.0.1", Ct);
        var (caller, error) = await AuthenticateAsync(login.Token!);
        Assert.Null(error);
        Assert.Equal("admin", caller!.Subject);

        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal("the token has expired", (await AuthenticateAsync(login.Token!)).Error);

        _time.Advance(TimeSpan.FromHours(-25) + TimeSpan.FromSeconds(1));
        await _accounts.UpdatePasswordAsync("admin", "admin", password, "another password!", Data, Ct);
        Assert.Equal("the session ended: the password was changed", (await AuthenticateAsync(login.Token!)).Error);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password_until_the_lockout_passes()
    {
        var password = await InitialPasswordAsync();
        for (var i = 0; i < Fast.MaxFailures; i++)
            Assert.Equal("Invalid username or password", (await _accounts.LoginAsync("admin", "guess" + i, "10.0.0.9", Ct)).Error);
        var locked = await _accounts.LoginAsync("admin", password, "10.0.0.9", Ct);
        Assert.False(locked.Succeeded);
        Assert.Contains("locked", locked.Error, StringComparison.Ordinal);
        _time.Advance(Fast.Lockout + TimeSpan.FromSeconds(1));
        Assert.True((await _accounts.LoginAsync("admin", password, "10.0.0.9", Ct)).Succeeded);

        var audit = await _store.Audit.QueryAsync(new AuditQuery(Actor: "admin"), Ct);
        Assert.Equal(Fast.MaxFailures, audit.Count(e => e is { Action: "login", Outcome: AuditOutcome.Failed }));
        Assert.Single(audit, e => e is { Action: "login", Outcome: AuditOutcome.Denied });
        Assert.All(audit, e => Assert.Equal("10.0.0.9", e.Source));
        Assert.DoesNotContain(audit, e => e.Detail.Contains(password, StringComparison.Ordinal) || e.Detail.Contains("guess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_and_disabled_accounts_get_the_same_answer_as_a_wrong_password()
    {
        Assert.Equal("Invalid username or password", (await _accounts.LoginAsync("nobody", "x", "a", Ct)).Error);
        Assert.Equal("Invalid username or password", (await _accounts.LoginAsync("gone", "x", "a", Ct)).Error);
        Assert.Equal("Invalid username or password", (await _accounts.LoginAsync("ci", "x", "a", Ct)).Error);
    }

    [Fact]
    public async Task Api_tokens_expire_and_revocation_takes_effect_at_once()
    {
        var (token, record) = await _accounts.GenerateTokenAsync("ci", TimeSpan.FromHours(1), Ct);
        var (forever, _) = await _accounts.GenerateTokenAsync("ci", null, Ct);
        Assert.Equal("ci", (await AuthenticateAsync(token)).Caller!.Subject);
        Assert.Equal(record.Id, (await AuthenticateAsync(token)).Caller!.TokenId);
        Assert.Equal(2, (await _accounts.ListTokensAsync("ci", Ct)).Count);

        Assert.True(await _accounts.RevokeTokenAsync("ci", record.Id, Ct));
        Assert.Equal("the token was revoked", (await AuthenticateAsync(token)).Error);
        Assert.False(await _accounts.RevokeTokenAsync("alice", record.Id, Ct));

        _time.Advance(TimeSpan.FromDays(400));
        Assert.Null((await AuthenticateAsync(forever)).Error);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _accounts.GenerateTokenAsync("gone", null, Ct));
    }

    [Fact]
    public async Task Tokens_of_another_instance_or_with_a_tampered_signature_are_refused()
    {
        var (token, _) = await _accounts.GenerateTokenAsync("ci", null, Ct);
        var other = new TokenSigner(Convert.FromBase64String(TokenSigner.NewKey()), _signer.Issuer, _signer.Audience, _time);
        var foreign = other.Issue(new TokenClaims("ci", TokenKind.ApiKey, "x", _time.GetUtcNow(), null));
        Assert.Equal("the token's signature is not valid", (await AuthenticateAsync(foreign)).Error);

        var sameKeyOtherAudience = await OtherInstanceSignerAsync();
        var crossed = sameKeyOtherAudience.Issue(new TokenClaims("ci", TokenKind.ApiKey, "x", _time.GetUtcNow(), null));
        Assert.Equal("the token was issued for another audience", (await AuthenticateAsync(crossed)).Error);

        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("\"ci\"", "\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        Assert.Equal("the token's signature is not valid", (await AuthenticateAsync(tampered)).Error);

        var unsigned = $"{Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"u}"u8.ToArray())}.{parts[1]}.";
        Assert.NotNull((await AuthenticateAsync(unsigned)).Error);
        Assert.Equal("the token is malformed", (await AuthenticateAsync("not-a-token")).Error);
    }

    [Fact]
    public async Task Project_tokens_act_as_their_role_while_it_exists_and_until_revoked()
    {
        var project = RbacEnforcerTests.Project("team-a", new ProjectRole("ci", "", ["p, proj:team-a:ci, applications, sync, team-a/*, allow"], []));
        var (token, record) = await _accounts.GenerateProjectTokenAsync(project, "ci", null, Ct);
        var (caller, _) = await AuthenticateAsync(token, project);
        Assert.Equal(new Caller("proj:team-a:ci", [], CallerKind.ProjectToken, record.Id), caller! with { Groups = [] });
        Assert.Equal("team-a", caller!.TokenProject);
        Assert.Equal("project role proj:team-a:ci no longer exists", (await AuthenticateAsync(token)).Error);
        await _accounts.RevokeTokenAsync("proj:team-a:ci", record.Id, Ct);
        Assert.Equal("the token was revoked", (await AuthenticateAsync(token, project)).Error);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _accounts.GenerateProjectTokenAsync(project, "nope", null, Ct));
    }

    private async Task<TokenSigner> OtherInstanceSignerAsync()
    {
        await using var otherStore = await StateStores.OpenInMemoryAsync(_time, Ct);
        var key = await _store.Accounts.GetOrCreateSecretAsync("server.secretkey", () => throw new InvalidOperationException(), Ct);
        var other = await AccountService.CreateSignerAsync(otherStore, null, _signer.Issuer, _time, Ct);
        return new TokenSigner(Convert.FromBase64String(key), other.Issuer, other.Audience, _time);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
