namespace Hawser.Rendering;

/// <summary>Where a source's files come from.</summary>
internal enum RepositoryKind
{
    /// <summary>A Git repository, through <see cref="Hawser.Sources.IGitSource"/>.</summary>
    Git,

    /// <summary>A Helm chart repository or OCI registry, through <see cref="Hawser.Sources.IHelmChartSource"/>.</summary>
    Chart,

    /// <summary>A local directory read as it is (an override, or a path that is not a Git repository).</summary>
    Local,
}

/// <summary>
/// Decides how a repoURL is read: an entry of <see cref="AppRendererOptions.RepositoryOverrides"/> (compared without a trailing
/// <c>/</c> or <c>.git</c>) or a <c>file://</c> URL or path to a directory that is not a Git repository is a local directory;
/// a chart source goes to the chart source; everything else to Git. An entry of <see cref="AppRendererOptions.RepositoryPins"/>
/// comes before all of these: a Git repository read at its pinned commit.
/// </summary>
internal static class RepositoryLocator
{
    public static (RepositoryKind Kind, string Location) Locate(string repoUrl, bool isChart, IReadOnlyDictionary<string, string> overrides, bool haveGit,
        IReadOnlyDictionary<string, RepositoryPin>? pins = null)
    {
        if (!isChart && Pinned(repoUrl, pins) is { } pin)
            return pin.Commit is null ? (RepositoryKind.Local, Path.GetFullPath(pin.Repository)) : (RepositoryKind.Git, pin.Repository);
        var normalized = Normalize(repoUrl);
        foreach (var (url, path) in overrides)
        {
            if (Normalize(url) == normalized) return (RepositoryKind.Local, Path.GetFullPath(path));
        }
        if (isChart) return (RepositoryKind.Chart, repoUrl);
        var local = repoUrl.StartsWith("file://", StringComparison.Ordinal) ? repoUrl["file://".Length..]
            : repoUrl.StartsWith('/') || repoUrl.StartsWith("./", StringComparison.Ordinal) || repoUrl.StartsWith("../", StringComparison.Ordinal) ? repoUrl
            : null;
        if (local is not null && Directory.Exists(local))
        {
            var isGit = Directory.Exists(Path.Combine(local, ".git")) || File.Exists(Path.Combine(local, "HEAD"));
            if (!isGit || !haveGit) return (RepositoryKind.Local, Path.GetFullPath(local));
        }
        return (RepositoryKind.Git, repoUrl);
    }

    /// <summary>The pin of <paramref name="repoUrl"/> (compared without a trailing <c>/</c> or <c>.git</c>), or null.</summary>
    public static RepositoryPin? Pinned(string repoUrl, IReadOnlyDictionary<string, RepositoryPin>? pins)
    {
        if (pins is null || pins.Count == 0) return null;
        var normalized = Normalize(repoUrl);
        foreach (var (url, pin) in pins)
        {
            if (Normalize(url) == normalized) return pin;
        }
        return null;
    }

    private static string Normalize(string url)
    {
        var u = url.Trim().TrimEnd('/');
        if (u.EndsWith(".git", StringComparison.Ordinal)) u = u[..^4];
        return u;
    }
}
