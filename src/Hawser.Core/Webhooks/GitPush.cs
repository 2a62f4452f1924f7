namespace Hawser.Webhooks;

/// <summary>One ref a push moved: a branch or a tag, by its short name (<c>main</c>, <c>v1.2.0</c>).</summary>
/// <param name="Name">The branch or tag name, without <c>refs/heads/</c> or <c>refs/tags/</c>.</param>
/// <param name="IsTag">True for a tag.</param>
public sealed record PushedRef(string Name, bool IsTag)
{
    /// <summary>Reads a full ref name (<c>refs/heads/main</c>, <c>refs/tags/v1</c>) or a bare name (a branch).</summary>
    public static PushedRef Parse(string reference) =>
        reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? new PushedRef(reference["refs/tags/".Length..], true)
        : reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? new PushedRef(reference["refs/heads/".Length..], false)
        : new PushedRef(reference, false);

    public override string ToString() => IsTag ? $"tag {Name}" : $"branch {Name}";
}

/// <summary>
/// What a Git server's push event says, whatever the provider: which repository (every URL the payload gives for it), which
/// refs moved, the repository's default branch when the payload names it, and the files the pushed commits touched.
/// </summary>
/// <param name="Provider">The provider's display name (GitHub, GitLab...).</param>
/// <param name="RepoUrls">The repository's URLs as the payload gives them (web, HTTPS clone, SSH clone).</param>
/// <param name="Refs">The refs the push moved.</param>
/// <param name="DefaultBranch">The repository's default branch (what <c>HEAD</c> means), or null when the payload does not say.</param>
/// <param name="ChangedFiles">Repository-relative paths added, modified or removed by the pushed commits; null when the
/// payload does not list them completely (then every matching app is refreshed, as Argo CD does).</param>
public sealed record GitPush(
    string Provider,
    IReadOnlyList<string> RepoUrls,
    IReadOnlyList<PushedRef> Refs,
    string? DefaultBranch,
    IReadOnlyList<string>? ChangedFiles);
