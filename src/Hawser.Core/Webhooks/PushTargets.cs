using Hawser.Apps;
using Hawser.AppSets;

namespace Hawser.Webhooks;

/// <summary>What a push concerns: the apps to refresh and the ApplicationSets to generate again, each in name order.</summary>
public sealed record PushTargetList(IReadOnlyList<string> Apps, IReadOnlyList<string> Sets);

/// <summary>
/// Which apps a push concerns, as Argo CD's webhook handler decides: an app whose Git source (any of its sources) names the
/// pushed repository (compared by <see cref="RepoUrlKey"/>) and whose <c>targetRevision</c> is one of the pushed refs
/// (a branch or tag name, with or without <c>refs/heads/</c> or <c>refs/tags/</c>; <c>HEAD</c> or empty meaning the default
/// branch), and, when it sets <see cref="ManifestGeneratePaths"/>, only when a changed file lies under those paths; and every
/// ApplicationSet with a Git generator (at any depth of matrix and merge) on that repository and revision. A commit SHA or a version range as target revision never matches: such an app does not move with a push.
/// </summary>
public static class PushTargets
{
    /// <summary>The apps and sets the push concerns.</summary>
    public static PushTargetList Find(GitPush push, IEnumerable<Application> apps, IEnumerable<ApplicationSet> sets)
    {
        var keys = push.RepoUrls.Select(RepoUrlKey.Of).ToHashSet(StringComparer.Ordinal);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var generated = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            var moved = app.Spec.Sources.Any(s => !s.IsChart && keys.Contains(RepoUrlKey.Of(s.RepoUrl)) && Moved(push, s.TargetRevision));
            if (!moved) continue;
            if (push.ChangedFiles is { } files && ManifestGeneratePaths.Of(app) is { } paths && !paths.AnyChanged(files)) continue;
            result.Add(app.Name);
        }
        foreach (var set in sets)
        {
            if (GitGenerators(set.Spec.Generators).Any(g => keys.Contains(RepoUrlKey.Of(g.RepoUrl)) && Moved(push, g.Revision))) generated.Add(set.Name);
        }
        return new PushTargetList([.. result], [.. generated]);
    }

    /// <summary>True when <paramref name="targetRevision"/> names one of the refs the push moved.</summary>
    public static bool Moved(GitPush push, string targetRevision) => push.Refs.Any(r => Matches(targetRevision, r, push.DefaultBranch));

    // HEAD follows the default branch; when the payload does not name it (Bitbucket), a branch push may have moved it.
    private static bool Matches(string targetRevision, PushedRef pushed, string? defaultBranch)
    {
        var target = targetRevision.Trim();
        if (target.Length == 0 || target == "HEAD") return !pushed.IsTag && (defaultBranch is null || pushed.Name == defaultBranch);
        return PushedRef.Parse(target).Name == pushed.Name;
    }

    private static IEnumerable<GitGenerator> GitGenerators(IEnumerable<AppSetGenerator> generators)
    {
        foreach (var generator in generators)
        {
            switch (generator)
            {
                case GitGenerator git:
                    yield return git;
                    break;
                case MatrixGenerator matrix:
                    foreach (var child in GitGenerators(matrix.Children)) yield return child;
                    break;
                case MergeGenerator merge:
                    foreach (var child in GitGenerators(merge.Children)) yield return child;
                    break;
            }
        }
    }
}
