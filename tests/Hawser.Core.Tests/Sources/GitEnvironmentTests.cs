using Hawser.Processes;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

public sealed class GitEnvironmentTests
{
    private const string Key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----";

    [Fact]
    public void An_ssh_key_lives_in_a_private_temp_file_named_by_GIT_SSH_COMMAND_and_is_deleted_on_dispose()
    {
        using var cache = new TempDirectory();
        string keyFile;
        using (var environment = GitEnvironment.Create(new RepositoryCredentials(SshPrivateKey: Key), cache.Path, null))
        {
            keyFile = environment.KeyFile!;
            Assert.Equal(Key + "\n", File.ReadAllText(keyFile));
            Assert.False(OperatingSystem.IsWindows(), "Hawser runs git on Linux");
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            var ssh = environment.Variables["GIT_SSH_COMMAND"]!;
            Assert.Contains(keyFile, ssh, StringComparison.Ordinal);
            Assert.Contains("StrictHostKeyChecking=accept-new", ssh, StringComparison.Ordinal);
            Assert.Contains("BatchMode=yes", ssh, StringComparison.Ordinal);
            Assert.DoesNotContain("AAAA-not-a-real-key", string.Join(' ', environment.Variables.Values), StringComparison.Ordinal);
        }
        Assert.False(File.Exists(keyFile));
        Assert.False(Directory.Exists(Path.GetDirectoryName(keyFile)));
    }

    [Fact]
    public void A_known_hosts_file_makes_host_key_checking_strict()
    {
        using var cache = new TempDirectory();
        using var environment = GitEnvironment.Create(null, cache.Path, "/etc/hawser/known_hosts");
        Assert.Contains("StrictHostKeyChecking=yes -o UserKnownHostsFile='/etc/hawser/known_hosts'", environment.Variables["GIT_SSH_COMMAND"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_askpass_helper_answers_from_the_environment_and_prompts_stay_disabled()
    {
        using var cache = new TempDirectory();
        using var environment = GitEnvironment.Create(new RepositoryCredentials("alice", "pa ss'word", InsecureSkipTlsVerify: true), cache.Path, null);
        Assert.Equal("0", environment.Variables["GIT_TERMINAL_PROMPT"]);
        Assert.Equal("true", environment.Variables["GIT_SSL_NO_VERIFY"]);
        var helper = environment.Variables["GIT_ASKPASS"]!;
        Assert.DoesNotContain("pa ss'word", File.ReadAllText(helper), StringComparison.Ordinal);

        var user = await ProcessRunner.RunCheckedAsync(new ProcessSpec(helper, ["Username for 'https://example.com': "], Environment: environment.Variables), CancellationToken.None);
        var password = await ProcessRunner.RunCheckedAsync(new ProcessSpec(helper, ["Password for 'https://alice@example.com': "], Environment: environment.Variables), CancellationToken.None);
        Assert.Equal("alice\n", user.StandardOutput);
        Assert.Equal("pa ss'word\n", password.StandardOutput);
    }

    [Fact]
    public void Without_credentials_no_askpass_helper_or_inherited_secret_reaches_git()
    {
        using var cache = new TempDirectory();
        using var environment = GitEnvironment.Create(null, cache.Path, null);
        Assert.Null(environment.Variables["GIT_ASKPASS"]);
        Assert.Null(environment.Variables["SSH_ASKPASS"]);
        Assert.Null(environment.Variables[GitEnvironment.PasswordVariable]);
        Assert.Null(environment.KeyFile);
    }
}
