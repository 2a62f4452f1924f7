using Hawser.Notifications;

namespace Hawser.Core.Tests.Notifications;

public sealed class RepoFunctionsTests
{
    [Theory]
    [InlineData("git@github.com:argoproj/argo-cd.git", "https://github.com/argoproj/argo-cd", "argoproj/argo-cd")]
    [InlineData("ssh://git@gitlab.example.com:2222/group/sub/app.git", "https://gitlab.example.com/group/sub/app", "group/sub/app")]
    [InlineData("https://user:pass@github.com/example/guestbook.git", "https://github.com/example/guestbook", "example/guestbook")]
    [InlineData("https://gitea.example.com/team/app", "https://gitea.example.com/team/app", "team/app")]
    public void Repository_URLs_become_the_address_a_browser_opens_and_the_full_name(string url, string https, string fullName)
    {
        Assert.Equal(https, RepoFunctions.RepoUrlToHttps(url));
        Assert.Equal(fullName, RepoFunctions.FullNameByRepoUrl(url));
    }

    [Fact]
    public void Templates_call_the_repo_helpers_and_read_commit_metadata()
    {
        var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["service.webhook.hook"] = "url: http://127.0.0.1:9",
            ["template.commit"] = """
                message: "{{ call .repo.RepoURLToHTTPS .app.spec.source.repoURL }}/commit/{{ .app.status.sync.revision }} by {{ (call .repo.GetCommitMetadata .app.status.sync.revision).Author }}: {{ (call .repo.GetCommitMetadata .app.status.sync.revision).Message }} ({{ call .repo.FullNameByRepoURL .app.spec.source.repoURL }}, {{ .notificationType }}, {{ call .strings.ToUpper .app.metadata.name }})"
                """,
        }));
        var app = NotificationTestConfig.App(revision: "abc123");
        var commits = new Dictionary<string, CommitMetadata> { ["abc123"] = new("Fix the banner", "Ada <ada@example.com>", NotificationTestConfig.Now, ["v1.2.0"]) };
        var rendered = engine.Render("commit", app, new Destination("hook", ""), commits, CancellationToken.None);
        Assert.Equal("https://github.com/example/guestbook/commit/abc123 by Ada <ada@example.com>: Fix the banner (example/guestbook, webhook, GUESTBOOK)", rendered.Message);

        var e = Assert.Throws<NotificationException>(() => engine.Render("commit", app, new Destination("hook", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None));
        Assert.Contains("no metadata of commit 'abc123'", e.Message, StringComparison.Ordinal);
    }
}
