namespace Hawser.Sources;

/// <summary>
/// Turns a <c>targetRevision</c> into a full commit SHA inside a mirror, as Argo CD does: empty or <c>HEAD</c> is the
/// remote's HEAD; otherwise a branch, then a tag (annotated tags peeled to their commit), then a full or abbreviated SHA;
/// a name starting with <c>refs/</c> is taken as that ref.
/// </summary>
internal sealed class GitRevisions(GitSourceOptions options, GitRunner git)
{
    /// <summary>True when <paramref name="revision"/> is a full 40-hex SHA-1 commit id.</summary>
    public static bool IsFullSha(string revision) => revision.Length == 40 && IsHex(revision);

    /// <summary>Rejects revisions git could read as options or revision expressions.</summary>
    public static void Validate(string repoUrl, string revision)
    {
        if (revision.StartsWith('-') || revision.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ||
            revision.Contains("..", StringComparison.Ordinal) || revision.IndexOfAny(['~', '^', ':', '?', '*', '[', '\\', '@']) >= 0 && revision != "HEAD")
        {
            throw new SourceException(SourceFailure.InvalidReference, repoUrl, $"'{revision}' is not a valid revision (expected a branch, tag, commit SHA or HEAD)");
        }
    }

    /// <summary>The commit, or null when the mirror has no such revision.</summary>
    public async Task<string?> TryResolveAsync(string mirror, string revision, GitEnvironment environment, CancellationToken cancellationToken)
    {
        foreach (var candidate in Candidates(revision))
        {
            var result = await git.TryRunAsync(
                ["--git-dir", mirror, "rev-parse", "--verify", "--quiet", "--end-of-options", candidate + "^{commit}"],
                environment, options.LocalTimeout, cancellationToken);
            var sha = result.StandardOutput.Trim();
            if (result.ExitCode == 0 && IsFullSha(sha)) return sha;
        }
        return null;
    }

    private static IEnumerable<string> Candidates(string revision)
    {
        if (revision.Length == 0 || revision == "HEAD")
        {
            yield return GitMirror.RemoteHeadRef;
            yield break;
        }
        if (revision.StartsWith("refs/", StringComparison.Ordinal))
        {
            yield return revision;
            yield break;
        }
        yield return "refs/heads/" + revision;
        yield return "refs/tags/" + revision;
        if (revision.Length is >= 4 and <= 40 && IsHex(revision)) yield return revision.ToLowerInvariant();
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
