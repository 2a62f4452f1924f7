using System.Globalization;
using Hawser.Processes;

namespace Hawser.Testing;

/// <summary>
/// A real SSH Git server on 127.0.0.1 for testing SSH key credentials: a private <c>sshd</c> (own config, host key,
/// pid file and authorized_keys in a temp directory removed on dispose) that accepts one generated ed25519 client key
/// for the current user, who runs <c>git-upload-pack</c> on repositories under <see cref="CreateRepositoryAsync"/>.
/// </summary>
/// <example>
/// <code>
/// await using var ssh = await GitSshServer.StartAsync(ct);
/// var repo = await ssh.CreateRepositoryAsync("config", ct);
/// await repo.Write("a.yaml", yaml).CommitAsync("first", ct);
/// // fetch ssh.UrlOf(repo) with new RepositoryCredentials(SshPrivateKey: ssh.ClientPrivateKey)
/// </code>
/// </example>
public sealed class GitSshServer : IAsyncDisposable
{
    private readonly TempDirectory _root;
    private readonly BackgroundProcess _sshd;

    private GitSshServer(TempDirectory root, BackgroundProcess sshd, int port, string user, string clientPrivateKey, string hostPublicKey)
    {
        _root = root;
        _sshd = sshd;
        Port = port;
        User = user;
        ClientPrivateKey = clientPrivateKey;
        KnownHostsLine = string.Create(CultureInfo.InvariantCulture, $"[127.0.0.1]:{port} {hostPublicKey}\n");
    }

    /// <summary>The port sshd listens on.</summary>
    public int Port { get; }

    /// <summary>The user that logs in (the one running the tests).</summary>
    public string User { get; }

    /// <summary>The OpenSSH private key the server accepts (no passphrase).</summary>
    public string ClientPrivateKey { get; }

    /// <summary>A known_hosts line for this server's host key.</summary>
    public string KnownHostsLine { get; }

    /// <summary>The <c>ssh://</c> clone URL of a repository on this machine.</summary>
    public string UrlOf(GitTestRepository repository) => string.Create(CultureInfo.InvariantCulture, $"ssh://{User}@127.0.0.1:{Port}{repository.Path}");

    /// <summary>Generates keys, writes the config and starts <c>sshd -D</c>.</summary>
    public static async Task<GitSshServer> StartAsync(CancellationToken cancellationToken)
    {
        var sshd = Tools.Require("sshd", "/usr/sbin");
        var root = new TempDirectory("hawser-gitssh");
        try
        {
            var hostKey = Path.Combine(root.Path, "host_ed25519");
            var clientKey = Path.Combine(root.Path, "client_ed25519");
            await KeygenAsync(hostKey, cancellationToken);
            await KeygenAsync(clientKey, cancellationToken);
            File.Copy(clientKey + ".pub", Path.Combine(root.Path, "authorized_keys"));
            // sshd refuses to start without its privilege separation directory when run as root.
            if (Environment.UserName == "root") Directory.CreateDirectory("/run/sshd");

            var user = Environment.UserName;
            var lastOutput = "";
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort.Next();
                var config = root.Write("sshd_config", $"""
                    Port {port}
                    ListenAddress 127.0.0.1
                    HostKey {hostKey}
                    PidFile {root.Path}/sshd.pid
                    AuthorizedKeysFile {root.Path}/authorized_keys
                    AllowUsers {user}
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    PermitRootLogin prohibit-password
                    UsePAM no
                    StrictModes no
                    LogLevel ERROR

                    """);
                var process = BackgroundProcess.Start(sshd, ["-D", "-e", "-f", config]);
                if (await FreePort.WaitUntilListeningAsync(port, () => process.HasExited, TimeSpan.FromSeconds(15), cancellationToken))
                {
                    var hostPublic = string.Join(' ', File.ReadAllText(hostKey + ".pub").Split(' ').Take(2));
                    return new GitSshServer(root, process, port, user, File.ReadAllText(clientKey), hostPublic);
                }
                lastOutput = process.Output;
                await process.DisposeAsync();
            }
            throw new InvalidOperationException($"sshd did not start: {lastOutput}");
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Creates an empty repository (branch <c>main</c>) served by this server.</summary>
    public Task<GitTestRepository> CreateRepositoryAsync(string name, CancellationToken cancellationToken) =>
        GitTestRepository.InitAsync(Path.Combine(_root.Path, "repos", name), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _sshd.DisposeAsync();
        _root.Dispose();
    }

    private static Task KeygenAsync(string path, CancellationToken cancellationToken) =>
        ProcessRunner.RunCheckedAsync(
            new ProcessSpec(Tools.Require("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-C", "hawser-test", "-f", path], Timeout: TimeSpan.FromSeconds(30)),
            cancellationToken);
}
