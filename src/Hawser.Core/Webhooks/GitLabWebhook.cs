using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// GitLab: <c>X-Gitlab-Event: Push Hook</c> or <c>Tag Push Hook</c> (also as a <c>System Hook</c> whose <c>object_kind</c> is
/// <c>push</c> or <c>tag_push</c>). With <c>webhook.gitlab.secret</c> set, <c>X-Gitlab-Token</c> must equal it. GitLab lists
/// at most 20 commits; when <c>total_commits_count</c> says more were pushed, the changed files are taken as unknown.
/// </summary>
internal sealed class GitLabWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.gitlab.secret";

    public string Name => "GitLab";

    public bool Recognizes(WebhookRequest request) => request.Header("X-Gitlab-Event") is not null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets) =>
        secrets.Webhook(SecretKey) is { IsEmpty: false } secret ? WebhookSignatures.CheckToken(request.Header("X-Gitlab-Token"), "X-Gitlab-Token", secret) : null;

    public WebhookEvent Read(WebhookRequest request)
    {
        var kind = request.Header("X-Gitlab-Event")!;
        if (kind is not ("Push Hook" or "Tag Push Hook" or "System Hook")) return WebhookEvent.Ignore($"GitLab {kind} event (only push events refresh apps)");
        var payload = PayloadReader.Parse($"GitLab {kind} payload", request.Body);
        var objectKind = payload.Text("object_kind") ?? payload.Text("event_name");
        if (objectKind is not ("push" or "tag_push")) return WebhookEvent.Ignore($"GitLab {objectKind ?? "unknown"} event (only push events refresh apps)");
        return WebhookEvent.Of(new GitPush(Name,
            CommitFiles.Urls(payload, "project.web_url", "project.git_http_url", "project.git_ssh_url", "repository.homepage", "repository.git_http_url", "repository.git_ssh_url"),
            [PushedRef.Parse(payload.Required("ref"))],
            payload.Text("project.default_branch"),
            CommitFiles.Of(payload, totalCount: payload.Integer("total_commits_count"))));
    }
}
