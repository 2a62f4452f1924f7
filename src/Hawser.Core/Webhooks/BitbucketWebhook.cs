using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>
/// Bitbucket Cloud: <c>X-Event-Key: repo:push</c>, one entry in <c>push.changes</c> per moved branch or tag (a deleted ref has
/// no <c>new</c> and is skipped). With <c>webhook.bitbucket.uuid</c> set, <c>X-Hook-UUID</c> must equal it. The payload lists
/// no changed files and no default branch: every app of the repository on a moved ref is refreshed, and <c>HEAD</c> counts
/// as moved by any branch push.
/// </summary>
internal sealed class BitbucketWebhook : IWebhookProvider
{
    public const string SecretKey = "webhook.bitbucket.uuid";

    public string Name => "Bitbucket";

    public bool Recognizes(WebhookRequest request) => request.Header("X-Event-Key") is not null && request.Header("X-Hook-UUID") is not null;

    public string? Authenticate(WebhookRequest request, ServerSecrets secrets) =>
        secrets.Webhook(SecretKey) is { IsEmpty: false } secret ? WebhookSignatures.CheckToken(request.Header("X-Hook-UUID"), "X-Hook-UUID", secret) : null;

    public WebhookEvent Read(WebhookRequest request)
    {
        var kind = request.Header("X-Event-Key")!;
        if (kind != "repo:push") return WebhookEvent.Ignore($"Bitbucket {kind} event (only repo:push refreshes apps)");
        var payload = PayloadReader.Parse("Bitbucket repo:push payload", request.Body);
        var urls = CommitFiles.Urls(payload, "repository.links.html.href");
        var refs = new List<PushedRef>();
        foreach (var (change, path) in payload.Objects("push.changes"))
        {
            if (change["new"] is not System.Text.Json.Nodes.JsonObject moved) continue;
            var name = payload.Text(moved, "name", $"{path}.new.name") ?? throw payload.Missing($"{path}.new.name");
            refs.Add(new PushedRef(name, payload.Text(moved, "type", $"{path}.new.type") == "tag"));
        }
        if (refs.Count == 0) return WebhookEvent.Ignore("Bitbucket push that only deleted refs");
        return WebhookEvent.Of(new GitPush(Name, urls, refs, payload.Text("repository.mainbranch.name"), null));
    }
}
