using System.Security.Cryptography;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// Bitbucket Server and Data Center: <c>X-Event-Key: repo:refs_changed</c> (<c>diagnostics:ping</c>, the "Test connection"
/// button, is acknowledged). With <c>webhook.bitbucketserver.secret</c> set, <c>X-Hub-Signature</c> must be
/// <c>sha256=</c> and the body's HMAC-SHA256 in hex. The repository is matched by its clone links; the payload lists no
/// changed files and no default branch (as for Bitbucket Cloud).
/// </summary>
internal sealed class BitbucketServerWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.bitbucketserver.secret";

    public string Name => "BitbucketServer";

    // Bitbucket Cloud sends X-Hook-UUID; Bitbucket Server sends X-Request-Id and no UUID.
    public bool Recognizes(WebhookRequest request) => request.Header("X-Event-Key") is not null && request.Header("X-Hook-UUID") is null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets) =>
        secrets.Webhook(SecretKey) is { IsEmpty: false } secret
            ? WebhookSignatures.CheckHmac(request.Header("X-Hub-Signature"), "X-Hub-Signature", "sha256=", HashAlgorithmName.SHA256, secret, request.Body.Span)
            : null;

    public WebhookEvent Read(WebhookRequest request)
    {
        var kind = request.Header("X-Event-Key")!;
        if (kind != "repo:refs_changed") return WebhookEvent.Ignore($"Bitbucket Server {kind} event (only repo:refs_changed refreshes apps)");
        var payload = PayloadReader.Parse("Bitbucket Server repo:refs_changed payload", request.Body);
        var urls = payload.Objects("repository.links.clone").Select(l => payload.Text(l.Item, "href", l.Path + ".href")).Where(h => !string.IsNullOrEmpty(h)).Select(h => h!).ToList();
        if (urls.Count == 0) throw payload.Missing("repository.links.clone");
        var refs = new List<PushedRef>();
        foreach (var (change, path) in payload.Objects("changes"))
        {
            if (payload.Text(change, "type", $"{path}.type") == "DELETE") continue;
            var id = payload.Text(change, "refId", $"{path}.refId") ?? payload.Text(change, "ref.id", $"{path}.ref.id") ?? throw payload.Missing($"{path}.refId");
            refs.Add(PushedRef.Parse(id));
        }
        if (refs.Count == 0) return WebhookEvent.Ignore("Bitbucket Server push that only deleted refs");
        return WebhookEvent.Of(new GitPush(Name, urls, refs, null, null));
    }
}
