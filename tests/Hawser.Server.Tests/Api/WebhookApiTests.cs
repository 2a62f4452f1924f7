using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Settings;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// Git webhooks end to end: a real repository, the sandbox and the server, polling so rarely that only the webhook can
/// explain a change reaching the cluster.
/// </summary>
public sealed class WebhookApiTests : IAsyncLifetime
{
    private const string GitHubSecret = "gh-webhook-secret";
    private const string GitLabSecret = "gl-webhook-token";
    private ServerHarness _h = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_GitHub_push_syncs_the_new_commit_without_waiting_for_the_poll()
    {
        await StartAsync(_h.Application("web", "web", "web"));
        var commit = await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);

        using var response = await PostGitHubAsync(GitHubPush("refs/heads/main", ["web/cm.yaml"]), GitHubSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "two", "the pushed commit synced", TimeSpan.FromSeconds(20));
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("web") is { IsSyncedAndHealthy: true } s && s.Revision == commit, "web Synced to the pushed commit");
    }

    [Fact]
    public async Task A_GitHub_push_with_a_wrong_signature_is_refused_and_changes_nothing()
    {
        await StartAsync(_h.Application("web", "web", "web"));
        await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);

        using var wrong = await PostGitHubAsync(GitHubPush("refs/heads/main", ["web/cm.yaml"]), "not-the-secret");
        using var unsigned = await PostAsync(GitHubPush("refs/heads/main", ["web/cm.yaml"]), ("X-GitHub-Event", "push"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var body = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("does not match", body, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubSecret, body, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("one", await _h.ConfigMapValueAsync("web", "settings"));
    }

    [Fact]
    public async Task A_GitLab_push_with_its_token_syncs_and_one_without_is_refused()
    {
        await StartAsync(_h.Application("web", "web", "web"));
        await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);
        var payload = GitLabPush("refs/heads/main", ["web/cm.yaml"]);

        using var refused = await PostAsync(payload, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "guess"));
        using var accepted = await PostAsync(payload, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", GitLabSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "two", "the pushed commit synced", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_push_to_another_branch_is_acknowledged_and_refreshes_nothing()
    {
        await StartAsync(_h.Application("web", "web", "web"));
        await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);

        using var response = await PostGitHubAsync(GitHubPush("refs/heads/feature", ["web/cm.yaml"]), GitHubSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("refreshing 0 apps", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("one", await _h.ConfigMapValueAsync("web", "settings"));
    }

    [Fact]
    public async Task With_manifest_generate_paths_only_the_app_whose_files_changed_is_refreshed()
    {
        const string paths = "{argocd.argoproj.io/manifest-generate-paths: .}";
        await _h.Repo.Write("apps/api.yaml", _h.Application("api", "api", "api", annotations: paths))
            .Write("api/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("api", CancellationToken.None);
        await StartAsync(_h.Application("web", "web", "web", annotations: paths));
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("api"), "api Synced and Healthy");
        await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two"))
            .Write("api/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("both", CancellationToken.None);

        // The payload says only web/ changed: api is left to its next poll.
        using var response = await PostGitHubAsync(GitHubPush("refs/heads/main", ["web/cm.yaml"]), GitHubSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "two", "web synced", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("one", await _h.ConfigMapValueAsync("api", "settings"));
    }

    [Fact]
    public async Task An_unknown_event_is_acknowledged_without_a_login()
    {
        await StartAsync(_h.Application("web", "web", "web"));

        using var response = await PostAsync(new JsonObject { ["zen"] = "Design for failure." }, ("X-GitHub-Event", "ping"), ("X-Hub-Signature-256", Sign(GitHubSecret, """{"zen":"Design for failure."}""")));
        using var unknown = await PostAsync(new JsonObject(), ("X-Custom-Event", "push"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("ignored", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The server polls every 10 minutes and refreshes every 5: within a test, only a webhook moves an app.
    private async Task StartAsync(string application)
    {
        await _h.Repo.Write("apps/web.yaml", application)
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("one", CancellationToken.None);
        var secrets = new Dictionary<string, SecretText>
        {
            ["webhook.github.secret"] = new(GitHubSecret),
            ["webhook.gitlab.secret"] = new(GitLabSecret),
        };
        await _h.StartServerAsync(o => o with
        {
            Controller = o.Controller with { RepoPollInterval = TimeSpan.FromMinutes(10) },
            Settings = HawserSettings.Default with { Secrets = new ServerSecrets(null, null, null, secrets, secrets) },
        });
        _http = new HttpClient { BaseAddress = _h.Server!.Url };
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
    }

    private JsonObject GitHubPush(string reference, string[] files) => new()
    {
        ["ref"] = reference,
        ["commits"] = new JsonArray(new JsonObject { ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray([.. files.Select(f => (JsonNode)f)]) }),
        ["repository"] = new JsonObject { ["html_url"] = _h.RepoUrl, ["clone_url"] = _h.RepoUrl + ".git", ["default_branch"] = "main" },
    };

    private JsonObject GitLabPush(string reference, string[] files) => new()
    {
        ["object_kind"] = "push",
        ["ref"] = reference,
        ["project"] = new JsonObject { ["web_url"] = _h.RepoUrl, ["git_http_url"] = _h.RepoUrl + ".git", ["default_branch"] = "main" },
        ["commits"] = new JsonArray(new JsonObject { ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray([.. files.Select(f => (JsonNode)f)]) }),
        ["total_commits_count"] = 1,
    };

    private Task<HttpResponseMessage> PostGitHubAsync(JsonObject payload, string secret) =>
        PostAsync(payload, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(secret, payload.ToJsonString())));

    private static string Sign(string secret, string body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<HttpResponseMessage> PostAsync(JsonObject payload, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook") { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await _http.SendAsync(request);
    }
}
