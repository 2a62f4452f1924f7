using Hawser.Webhooks;
using static Hawser.Core.Tests.Webhooks.WebhookFixtures;

namespace Hawser.Core.Tests.Webhooks;

public sealed class WebhookProviderTests
{
    private const string Secret = "s3cr3t-value";

    [Fact]
    public void A_GitHub_push_names_the_repository_the_branch_the_default_branch_and_every_changed_file()
    {
        var push = new GitHubWebhook().Read(Request(Payload("github-push.json"), ("X-GitHub-Event", "push"))).Push!;

        Assert.Contains("https://github.com/Codertocat/Hello-World", push.RepoUrls);
        Assert.Contains("git@github.com:Codertocat/Hello-World.git", push.RepoUrls);
        Assert.Equal([new PushedRef("main", false)], push.Refs);
        Assert.Equal("main", push.DefaultBranch);
        Assert.Equal(["README.md", "guestbook/deployment.yaml", "guestbook/service.yaml"], push.ChangedFiles);
    }

    [Fact]
    public void A_GitHub_tag_push_is_a_tag_with_unknown_changed_files()
    {
        var push = new GitHubWebhook().Read(Request(Payload("github-tag.json"), ("X-GitHub-Event", "push"))).Push!;

        Assert.Equal([new PushedRef("v1.2.0", true)], push.Refs);
        Assert.Null(push.ChangedFiles);
    }

    [Fact]
    public void A_GitHub_ping_is_acknowledged_and_ignored()
    {
        var read = new GitHubWebhook().Read(Request("""{"zen":"Keep it logically awesome.","hook_id":1}"""u8.ToArray(), ("X-GitHub-Event", "ping")));

        Assert.Null(read.Push);
        Assert.Contains("ping", read.Ignored);
    }

    [Fact]
    public void GitHub_accepts_the_sha256_signature_and_the_older_sha1_one_of_the_configured_secret()
    {
        var body = Payload("github-push.json");
        var secrets = Secrets((GitHubWebhook.SecretKey, Secret));

        Assert.Null(new GitHubWebhook().Authenticate(Request(body, ("X-Hub-Signature-256", "sha256=" + HmacSha256(Secret, body))), secrets));
        Assert.Null(new GitHubWebhook().Authenticate(Request(body, ("X-Hub-Signature", "sha1=" + HmacSha1(Secret, body))), secrets));
    }

    [Fact]
    public void GitHub_refuses_a_wrong_or_missing_signature_without_showing_the_secret()
    {
        var body = Payload("github-push.json");
        var secrets = Secrets((GitHubWebhook.SecretKey, Secret));

        var wrong = new GitHubWebhook().Authenticate(Request(body, ("X-Hub-Signature-256", "sha256=" + HmacSha256("another", body))), secrets);
        var missing = new GitHubWebhook().Authenticate(Request(body), secrets);
        var tampered = new GitHubWebhook().Authenticate(Request([.. body, (byte)' '], ("X-Hub-Signature-256", "sha256=" + HmacSha256(Secret, body))), secrets);

        Assert.Contains("does not match", wrong);
        Assert.Contains("no X-Hub-Signature-256 header", missing);
        Assert.NotNull(tampered);
        Assert.DoesNotContain(Secret, wrong + missing + tampered);
    }

    [Fact]
    public void Without_a_configured_secret_an_unsigned_request_is_accepted()
    {
        Assert.Null(new GitHubWebhook().Authenticate(Request(Payload("github-push.json")), Secrets()));
        Assert.Null(new GitLabWebhook().Authenticate(Request(Payload("gitlab-push.json")), Secrets()));
    }

    [Fact]
    public void A_GitLab_push_names_the_project_urls_the_branch_and_the_changed_files()
    {
        var push = new GitLabWebhook().Read(Request(Payload("gitlab-push.json"), ("X-Gitlab-Event", "Push Hook"))).Push!;

        Assert.Contains("http://example.com/mike/diaspora", push.RepoUrls);
        Assert.Contains("git@example.com:mike/diaspora.git", push.RepoUrls);
        Assert.Equal([new PushedRef("master", false)], push.Refs);
        Assert.Equal("master", push.DefaultBranch);
        Assert.Equal(["README.md", "apps/web/configmap.yaml", "apps/web/deployment.yaml"], push.ChangedFiles);
    }

    [Fact]
    public void A_GitLab_tag_push_is_a_tag()
    {
        var push = new GitLabWebhook().Read(Request(Payload("gitlab-tag.json"), ("X-Gitlab-Event", "Tag Push Hook"))).Push!;

        Assert.Equal([new PushedRef("v1.0.0", true)], push.Refs);
        Assert.Null(push.ChangedFiles);
    }

    [Fact]
    public void A_GitLab_push_with_more_commits_than_listed_has_unknown_changed_files()
    {
        var body = System.Text.Encoding.UTF8.GetString(Payload("gitlab-push.json")).Replace("\"total_commits_count\": 2", "\"total_commits_count\": 45", StringComparison.Ordinal);

        var push = new GitLabWebhook().Read(Request(System.Text.Encoding.UTF8.GetBytes(body), ("X-Gitlab-Event", "Push Hook"))).Push!;

        Assert.Null(push.ChangedFiles);
    }

    [Fact]
    public void GitLab_checks_its_token_header_against_the_secret()
    {
        var body = Payload("gitlab-push.json");
        var secrets = Secrets((GitLabWebhook.SecretKey, Secret));

        Assert.Null(new GitLabWebhook().Authenticate(Request(body, ("X-Gitlab-Token", Secret)), secrets));
        Assert.Contains("does not match", new GitLabWebhook().Authenticate(Request(body, ("X-Gitlab-Token", "guess")), secrets));
        Assert.Contains("no X-Gitlab-Token header", new GitLabWebhook().Authenticate(Request(body), secrets));
    }

    [Fact]
    public void A_Gitea_push_is_read_and_verified_with_its_own_signature_header()
    {
        var body = Payload("gitea-push.json");
        var request = Request(body, ("X-Gitea-Event", "push"), ("X-GitHub-Event", "push"), ("X-Gogs-Event", "push"), ("X-Gitea-Signature", HmacSha256(Secret, body)));

        var push = new GiteaWebhook().Read(request).Push!;

        Assert.True(new GiteaWebhook().Recognizes(request));
        Assert.Null(new GiteaWebhook().Authenticate(request, Secrets((GiteaWebhook.SecretKey, Secret))));
        Assert.Contains("does not match", new GiteaWebhook().Authenticate(request, Secrets((GiteaWebhook.SecretKey, "other"))));
        Assert.Contains("http://localhost:3000/gitea/webhooks.git", push.RepoUrls);
        Assert.Equal([new PushedRef("develop", false)], push.Refs);
        Assert.Equal(["overlays/dev/kustomization.yaml"], push.ChangedFiles);
    }

    [Fact]
    public void Gitea_falls_back_to_the_Gogs_then_the_GitHub_secret()
    {
        var body = Payload("gitea-push.json");
        var request = Request(body, ("X-Gitea-Event", "push"), ("X-Gitea-Signature", HmacSha256(Secret, body)));

        Assert.Null(new GiteaWebhook().Authenticate(request, Secrets((GogsWebhook.SecretKey, Secret))));
        Assert.Null(new GiteaWebhook().Authenticate(request, Secrets((GitHubWebhook.SecretKey, Secret))));
        Assert.NotNull(new GiteaWebhook().Authenticate(request, Secrets((GitHubWebhook.SecretKey, "other"))));
    }

    [Fact]
    public void A_Gogs_push_is_read_and_verified_with_its_signature()
    {
        var body = Payload("gogs-push.json");
        var request = Request(body, ("X-Gogs-Event", "push"), ("X-Gogs-Signature", HmacSha256(Secret, body)));

        var push = new GogsWebhook().Read(request).Push!;

        Assert.Null(new GogsWebhook().Authenticate(request, Secrets((GogsWebhook.SecretKey, Secret))));
        Assert.Contains("does not match", new GogsWebhook().Authenticate(Request(body, ("X-Gogs-Signature", HmacSha256("x", body))), Secrets((GogsWebhook.SecretKey, Secret))));
        Assert.Contains("https://try.gogs.io/unknwon/webhooks", push.RepoUrls);
        Assert.Equal([new PushedRef("master", false)], push.Refs);
        Assert.Equal(["deploy/configmap.yaml"], push.ChangedFiles);
    }

    [Fact]
    public void A_Bitbucket_Cloud_push_lists_each_moved_branch_and_skips_deleted_ones()
    {
        var request = Request(Payload("bitbucket-push.json"), ("X-Event-Key", "repo:push"), ("X-Hook-UUID", "{7f3c1c2e-8c1b-4b6a-9d2b-0a1f7e0c9d11}"));

        var push = new BitbucketWebhook().Read(request).Push!;

        Assert.True(new BitbucketWebhook().Recognizes(request));
        Assert.False(new BitbucketServerWebhook().Recognizes(request));
        Assert.Equal(["https://bitbucket.org/team_name/config"], push.RepoUrls);
        Assert.Equal([new PushedRef("staging", false)], push.Refs);
        Assert.Null(push.DefaultBranch);
        Assert.Null(push.ChangedFiles);
    }

    [Fact]
    public void Bitbucket_Cloud_checks_the_hook_UUID()
    {
        var body = Payload("bitbucket-push.json");
        var secrets = Secrets((BitbucketWebhook.SecretKey, "{7f3c1c2e-8c1b-4b6a-9d2b-0a1f7e0c9d11}"));

        Assert.Null(new BitbucketWebhook().Authenticate(Request(body, ("X-Hook-UUID", "{7f3c1c2e-8c1b-4b6a-9d2b-0a1f7e0c9d11}")), secrets));
        Assert.Contains("does not match", new BitbucketWebhook().Authenticate(Request(body, ("X-Hook-UUID", "{00000000-0000-0000-0000-000000000000}")), secrets));
    }

    [Fact]
    public void A_Bitbucket_Server_refs_changed_event_lists_branches_and_tags_by_clone_url()
    {
        var body = Payload("bitbucketserver-refs-changed.json");
        var request = Request(body, ("X-Event-Key", "repo:refs_changed"), ("X-Request-Id", "a1b2"), ("X-Hub-Signature", "sha256=" + HmacSha256(Secret, body)));

        var push = new BitbucketServerWebhook().Read(request).Push!;

        Assert.True(new BitbucketServerWebhook().Recognizes(request));
        Assert.Null(new BitbucketServerWebhook().Authenticate(request, Secrets((BitbucketServerWebhook.SecretKey, Secret))));
        Assert.Contains("does not match", new BitbucketServerWebhook().Authenticate(request, Secrets((BitbucketServerWebhook.SecretKey, "other"))));
        Assert.Contains("https://bitbucket.example.com/scm/proj/repository.git", push.RepoUrls);
        Assert.Equal([new PushedRef("master", false), new PushedRef("v2.0", true)], push.Refs);
    }

    [Fact]
    public void Bitbucket_Server_test_connection_is_acknowledged()
    {
        var read = new BitbucketServerWebhook().Read(Request("""{"test": true}"""u8.ToArray(), ("X-Event-Key", "diagnostics:ping")));

        Assert.Null(read.Push);
    }

    [Fact]
    public void A_payload_missing_its_ref_names_the_provider_and_the_field()
    {
        var e = Assert.Throws<WebhookPayloadException>(() =>
            new GitHubWebhook().Read(Request("""{"repository":{"html_url":"https://github.com/a/b"}}"""u8.ToArray(), ("X-GitHub-Event", "push"))));

        Assert.Equal("GitHub push payload: field ref is missing", e.Message);
    }

    [Fact]
    public void A_form_encoded_payload_is_refused_with_the_content_type_to_set()
    {
        var e = Assert.Throws<WebhookPayloadException>(() =>
            new GitHubWebhook().Read(Request("payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D"u8.ToArray(), ("X-GitHub-Event", "push"))));

        Assert.Contains("application/json", e.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_named_with_its_path()
    {
        var e = Assert.Throws<WebhookPayloadException>(() =>
            new GitLabWebhook().Read(Request("""{"object_kind":"push","ref":"refs/heads/main","project":{"web_url":"http://x/y"},"commits":[{"added":"a.yaml"}]}"""u8.ToArray(), ("X-Gitlab-Event", "Push Hook"))));

        Assert.Equal("GitLab Push Hook payload: field commits[0].added is not an array of strings", e.Message);
    }
}
