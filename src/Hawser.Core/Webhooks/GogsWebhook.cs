using System.Security.Cryptography;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// Gogs: <c>X-Gogs-Event: push</c>, a GitHub-shaped payload. With <c>webhook.gogs.secret</c> set, <c>X-Gogs-Signature</c> must
/// be the body's HMAC-SHA256 in hex.
/// </summary>
internal sealed class GogsWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.gogs.secret";

    public string Name => "Gogs";

    public bool Recognizes(WebhookRequest request) => request.Header("X-Gogs-Event") is not null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets) =>
        secrets.Webhook(SecretKey) is { IsEmpty: false } secret
            ? WebhookSignatures.CheckHmac(request.Header("X-Gogs-Signature"), "X-Gogs-Signature", "", HashAlgorithmName.SHA256, secret, request.Body.Span)
            : null;

    public WebhookEvent Read(WebhookRequest request) => ReadPush(request, Name, request.Header("X-Gogs-Event")!);

    /// <summary>Reads the push payload Gogs and Gitea share.</summary>
    internal static WebhookEvent ReadPush(WebhookRequest request, string provider, string kind)
    {
        if (kind != "push") return WebhookEvent.Ignore($"{provider} {kind} event (only push events refresh apps)");
        var payload = PayloadReader.Parse($"{provider} push payload", request.Body);
        return WebhookEvent.Of(new GitPush(provider,
            CommitFiles.Urls(payload, "repository.html_url", "repository.clone_url", "repository.ssh_url"),
            [PushedRef.Parse(payload.Required("ref"))],
            payload.Text("repository.default_branch"),
            CommitFiles.Of(payload, totalCount: payload.Integer("total_commits"))));
    }
}
