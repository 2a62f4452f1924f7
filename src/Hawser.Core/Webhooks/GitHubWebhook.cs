using System.Security.Cryptography;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// GitHub (and GitHub Enterprise): <c>X-GitHub-Event: push</c> (branch and tag pushes; <c>ping</c> and other events are
/// acknowledged and ignored). With <c>webhook.github.secret</c> set, the body must carry its HMAC-SHA256 in
/// <c>X-Hub-Signature-256</c> (or, from older senders, HMAC-SHA1 in <c>X-Hub-Signature</c>).
/// </summary>
internal sealed class GitHubWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.github.secret";

    public string Name => "GitHub";

    public bool Recognizes(WebhookRequest request) => request.Header("X-GitHub-Event") is not null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets)
    {
        if (secrets.Webhook(SecretKey) is not { IsEmpty: false } secret) return null;
        var sha256 = request.Header("X-Hub-Signature-256");
        var sha1 = request.Header("X-Hub-Signature");
        return sha256 is null && sha1 is not null
            ? WebhookSignatures.CheckHmac(sha1, "X-Hub-Signature", "sha1=", HashAlgorithmName.SHA1, secret, request.Body.Span)
            : WebhookSignatures.CheckHmac(sha256, "X-Hub-Signature-256", "sha256=", HashAlgorithmName.SHA256, secret, request.Body.Span);
    }

    public WebhookEvent Read(WebhookRequest request)
    {
        var kind = request.Header("X-GitHub-Event")!;
        if (kind != "push") return WebhookEvent.Ignore($"GitHub {kind} event (only push events refresh apps)");
        var payload = PayloadReader.Parse("GitHub push payload", request.Body);
        return WebhookEvent.Of(new GitPush(Name,
            CommitFiles.Urls(payload, "repository.html_url", "repository.clone_url", "repository.ssh_url", "repository.git_url"),
            [PushedRef.Parse(payload.Required("ref"))],
            payload.Text("repository.default_branch"),
            CommitFiles.Of(payload)));
    }
}
