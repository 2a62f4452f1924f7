using System.Security.Cryptography;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// Gitea (and Forgejo): <c>X-Gitea-Event: push</c>, a Gogs-shaped payload. Gitea also sends GitHub's and Gogs' event and
/// signature headers, all signed with the one secret, so it is recognised first. The secret is the first one set among
/// <c>webhook.gitea.secret</c>, <c>webhook.gogs.secret</c> and <c>webhook.github.secret</c> (an Argo CD setup that registered
/// Gitea as GitHub or Gogs keeps working); <c>X-Gitea-Signature</c> must be the body's HMAC-SHA256 in hex.
/// </summary>
internal sealed class GiteaWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.gitea.secret";

    public string Name => "Gitea";

    public bool Recognizes(WebhookRequest request) => request.Header("X-Gitea-Event") is not null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets)
    {
        var secret = new[] { SecretKey, GogsWebhook.SecretKey, GitHubWebhook.SecretKey }.Select(secrets.Webhook).FirstOrDefault(s => s is { IsEmpty: false });
        return secret is null ? null : WebhookSignatures.CheckHmac(request.Header("X-Gitea-Signature"), "X-Gitea-Signature", "", HashAlgorithmName.SHA256, secret, request.Body.Span);
    }

    public WebhookEvent Read(WebhookRequest request) => GogsWebhook.ReadPush(request, Name, request.Header("X-Gitea-Event")!);
}
