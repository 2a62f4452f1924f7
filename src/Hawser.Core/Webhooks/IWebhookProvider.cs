using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>What a webhook request says: a push, or something to acknowledge and ignore (a ping, another event).</summary>
/// <param name="Push">The push, or null.</param>
/// <param name="Ignored">Why the request changes nothing, when it is not a push.</param>
public sealed record WebhookEvent(GitPush? Push, string? Ignored)
{
    public static WebhookEvent Of(GitPush push) => new(push, null);

    public static WebhookEvent Ignore(string reason) => new(null, reason);
}

/// <summary>One Git server's webhook format: how its requests are recognised, authenticated and read.</summary>
internal interface IWebhookProvider
{
    /// <summary>The provider's name as shown in logs, metrics and docs (GitHub, GitLab...).</summary>
    string Name { get; }

    /// <summary>True when the request comes from this provider (by its event header).</summary>
    bool Recognizes(WebhookRequest request);

    /// <summary>Null when the request is authentic (or no secret is configured for the provider), else why it is refused.</summary>
    string? Authenticate(WebhookRequest request, ServerSecrets secrets);

    /// <summary>Reads the event.</summary>
    /// <exception cref="WebhookPayloadException">The payload is not what the provider documents.</exception>
    WebhookEvent Read(WebhookRequest request);
}

/// <summary>Pieces the GitHub-shaped payloads (GitHub, Gitea, Gogs) share.</summary>
internal static class CommitFiles
{
    /// <summary>Every path the payload's commits added, modified or removed; null when it lists no commits (a tag, a new
    /// branch, a force push) or says it left some out (<paramref name="totalCount"/> larger than the list).</summary>
    public static IReadOnlyList<string>? Of(PayloadReader payload, string field = "commits", long? totalCount = null)
    {
        var commits = payload.Objects(field);
        if (commits.Count == 0 || (totalCount is { } total && total > commits.Count)) return null;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (commit, path) in commits)
        {
            foreach (var kind in new[] { "added", "modified", "removed" })
                files.UnionWith(payload.Strings(commit, kind, $"{path}.{kind}"));
        }
        return [.. files];
    }

    /// <summary>The repository URLs found at <paramref name="fields"/>; at least one must be present.</summary>
    public static IReadOnlyList<string> Urls(PayloadReader payload, params string[] fields)
    {
        var urls = fields.Select(payload.Text).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).Distinct(StringComparer.Ordinal).ToList();
        return urls.Count > 0 ? urls : throw payload.Missing(fields[0]);
    }
}
