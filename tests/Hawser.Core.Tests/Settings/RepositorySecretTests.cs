using Hawser.Core.Tests.Sources;
using Hawser.Settings;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Settings;

/// <summary>Repository Secrets and credential templates: matching, and a real fetch through the smart-HTTP Git server.</summary>
public sealed class RepositorySecretTests(GitHttpServerFixture fixture) : IClassFixture<GitHttpServerFixture>
{
    private const string RepoLabel = "argocd.argoproj.io/secret-type: repository";
    private const string CredsLabel = "argocd.argoproj.io/secret-type: repo-creds";

    [Fact]
    public async Task A_repository_secret_wins_and_templates_match_by_longest_prefix()
    {
        using var dir = new TempDirectory();
        dir.Write("repos.yaml", string.Join("\n---\n",
            SettingsFiles.Secret("org-creds", "url: https://git.example.com/org\nusername: org-user\npassword: org-pass", CredsLabel),
            SettingsFiles.Secret("team-creds", "url: https://git.example.com/org/team\nusername: team-user\npassword: team-pass", CredsLabel),
            SettingsFiles.Secret("special", "url: https://git.example.com/org/special.git\nusername: special-user\npassword: special-pass\ninsecure: \"true\"", RepoLabel),
            SettingsFiles.Secret("bare", "url: https://git.example.com/org/team/bare\ninsecure: \"true\"\ntype: git", RepoLabel),
            SettingsFiles.Secret("ssh", "url: git@git.example.com:org/ssh.git\nsshPrivateKey: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  abc\n  -----END OPENSSH PRIVATE KEY-----", RepoLabel)));

        var repositories = (await SettingsFiles.LoadAsync(dir)).Repositories;

        Assert.Equal(("special-user", "special-pass", true), Tuple(repositories.CredentialsFor("https://GIT.example.com/org/special")));
        Assert.Equal(("team-user", "team-pass", false), Tuple(repositories.CredentialsFor("https://git.example.com/org/team/app.git")));
        Assert.Equal(("org-user", "org-pass", false), Tuple(repositories.CredentialsFor("https://git.example.com/org/other.git")));
        Assert.Equal(("team-user", "team-pass", true), Tuple(repositories.CredentialsFor("https://git.example.com/org/team/bare.git")));
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", repositories.CredentialsFor("git@git.example.com:org/ssh.git")!.SshPrivateKey, StringComparison.Ordinal);
        Assert.Null(repositories.CredentialsFor("https://elsewhere.example.com/repo.git"));
    }

    [Fact]
    public async Task Unsupported_repository_keys_are_warned_by_name_and_printing_never_shows_a_secret()
    {
        using var dir = new TempDirectory();
        dir.Write("repo.yaml", SettingsFiles.Secret("app-repo", """
            url: https://github.com/org/app
            type: helm
            enableOCI: "true"
            githubAppID: "1"
            githubAppPrivateKey: very-private-key
            password: hunter2-password
            """, RepoLabel));

        var settings = await SettingsFiles.LoadAsync(dir);

        Assert.Equal(["githubAppID", "githubAppPrivateKey"], settings.Warnings.Select(w => w.Key));
        var repository = Assert.Single(settings.Repositories.Repositories);
        Assert.True(repository.EnableOci);
        Assert.Equal("helm", repository.Type);
        var printed = string.Join("\n", repository.ToString(), settings.Repositories.ToString(), settings.Repositories.CredentialsFor(repository.Url)!.ToString(),
            string.Join("\n", settings.Warnings), settings.ToString());
        Assert.DoesNotContain("hunter2-password", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("very-private-key", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_from_a_repository_secret_fetch_from_the_smart_http_git_server_with_basic_auth()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var server = fixture.Server;
        var repo = await server.CreateRepositoryAsync("settings-creds", timeout.Token);
        var commit = await repo.Write("app/cm.yaml", "kind: ConfigMap\n").CommitAsync("first", timeout.Token);
        using var dir = new TempDirectory();
        using var cache = new TempDirectory();
        var source = new GitSource(new GitSourceOptions(cache.Path));

        dir.Write("creds.yaml", SettingsFiles.Secret("local-git", $"url: {server.BaseUrl}/\nusername: {server.Username}\npassword: wrong-password", CredsLabel));
        var wrong = await SettingsFiles.LoadAsync(dir);
        var failure = await Assert.ThrowsAsync<SourceException>(() => source.ResolveAsync(server.UrlOf("settings-creds"), "main", wrong.Repositories.CredentialsFor(server.UrlOf("settings-creds")), timeout.Token));
        Assert.DoesNotContain("wrong-password", failure.ToString(), StringComparison.Ordinal);

        dir.Write("creds.yaml", SettingsFiles.Secret("local-git", $"url: {server.BaseUrl}/\nusername: {server.Username}\npassword: {server.Password}", CredsLabel));
        var settings = await SettingsFiles.LoadAsync(dir);
        var checkout = await source.CheckoutAsync(server.UrlOf("settings-creds"), "main", settings.Repositories.CredentialsFor(server.UrlOf("settings-creds")), timeout.Token);

        Assert.Equal(commit, checkout.Commit);
        Assert.True(File.Exists(Path.Combine(checkout.WorkTree, "app", "cm.yaml")));
    }

    private static (string?, string?, bool) Tuple(RepositoryCredentials? c) => (c?.Username, c?.Password, c?.InsecureSkipTlsVerify ?? false);
}
