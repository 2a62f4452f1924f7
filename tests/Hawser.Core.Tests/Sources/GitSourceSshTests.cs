using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>GitSource with SSH private key credentials against a real sshd on 127.0.0.1.</summary>
public sealed class GitSourceSshTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _cache = new("hawser-sshcache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private GitSshServer? _server;

    private GitSshServer Server => _server!;
    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() => _server = await GitSshServer.StartAsync(Ct);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_private_key_fetches_over_ssh_and_its_temp_file_is_gone_afterwards()
    {
        var repo = await Server.CreateRepositoryAsync("app", Ct);
        var commit = await repo.Write("a.yaml", "kind: ConfigMap\n").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        var keysBefore = Directory.GetDirectories(Path.GetTempPath(), "hawser-ssh-*").Length;

        var checkout = await source.CheckoutAsync(Server.UrlOf(repo), "main", new RepositoryCredentials(SshPrivateKey: Server.ClientPrivateKey), Ct);

        Assert.Equal(commit, checkout.Commit);
        Assert.Equal("kind: ConfigMap\n", File.ReadAllText(Path.Combine(checkout.WorkTree, "a.yaml")));
        Assert.Equal(keysBefore, Directory.GetDirectories(Path.GetTempPath(), "hawser-ssh-*").Length);
        var hostKey = Server.KnownHostsLine.Trim().Split(' ')[2];
        Assert.Contains(hostKey, File.ReadAllText(Path.Combine(_cache.Path, "known_hosts")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_known_hosts_file_is_checked_strictly()
    {
        var repo = await Server.CreateRepositoryAsync("pinned", Ct);
        var commit = await repo.Write("a.yaml", "1").CommitAsync("first", Ct);
        var credentials = new RepositoryCredentials(SshPrivateKey: Server.ClientPrivateKey);
        var good = Path.Combine(_cache.Path, "good_known_hosts");
        var wrong = Path.Combine(_cache.Path, "wrong_known_hosts");
        File.WriteAllText(good, Server.KnownHostsLine);
        File.WriteAllText(wrong, $"[127.0.0.1]:{Server.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");

        var pinned = new GitSource(new GitSourceOptions(Path.Combine(_cache.Path, "a")) { SshKnownHostsFile = good });
        Assert.Equal(commit, await pinned.ResolveAsync(Server.UrlOf(repo), "main", credentials, Ct));

        var mismatched = new GitSource(new GitSourceOptions(Path.Combine(_cache.Path, "b")) { SshKnownHostsFile = wrong });
        var e = await Assert.ThrowsAsync<SourceException>(() => mismatched.ResolveAsync(Server.UrlOf(repo), "main", credentials, Ct));
        Assert.Equal(SourceFailure.AuthenticationFailed, e.Failure);
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_is_an_authentication_failure_without_the_key_in_the_message()
    {
        var repo = await Server.CreateRepositoryAsync("locked", Ct);
        await repo.Write("a.yaml", "1").CommitAsync("first", Ct);
        using var other = new TempDirectory("hawser-otherkey");
        await Hawser.Processes.ProcessRunner.RunCheckedAsync(
            new Hawser.Processes.ProcessSpec(Tools.Require("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(other.Path, "id")]), Ct);
        var strangerKey = File.ReadAllText(Path.Combine(other.Path, "id"));
        var source = new GitSource(new GitSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            source.ResolveAsync(Server.UrlOf(repo), "main", new RepositoryCredentials(SshPrivateKey: strangerKey), Ct));

        Assert.Equal(SourceFailure.AuthenticationFailed, e.Failure);
        var keyBody = strangerKey.Split('\n')[1];
        Assert.DoesNotContain(keyBody, e.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}
