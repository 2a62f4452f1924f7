using System.Text.RegularExpressions;

namespace Hawser.Lint;

/// <summary>
/// Sources that move by themselves: <c>unpinned-revision</c> for a Git source of another repository at <c>HEAD</c>, empty, or
/// a name that is neither a commit nor a version tag (a branch); <c>unpinned-chart</c> for a Helm chart source without an
/// exact version (empty, <c>*</c>, or a range). Sources in the linted repository itself are read at the linted revision, so
/// they are not reported.
/// </summary>
internal sealed partial class PinningRule : ILintRule
{
    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var app in context.Apps)
        {
            var sources = app.Application.Spec.Sources;
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                var field = app.Application.Spec.IsMultiSource ? $"spec.sources[{i}].targetRevision" : "spec.source.targetRevision";
                var revision = source.TargetRevision.Trim();
                if (source.IsChart)
                {
                    if (!ExactVersion().IsMatch(revision))
                        yield return LintContext.Finding("unpinned-chart",
                            $"{app.Application}: {field}: chart \"{source.Chart}\" {(revision.Length == 0 ? "has no version" : $"version \"{revision}\" is not exact")}; name one version (e.g. 1.2.3)",
                            context.Locate(app), app.Name);
                    continue;
                }
                if (context.Input.IsConfigRepo(source.RepoUrl) || Commit().IsMatch(revision) || VersionTag().IsMatch(revision)) continue;
                var why = revision is "" or "HEAD" ? $"follows {(revision.Length == 0 ? "HEAD (no targetRevision)" : "HEAD")}" : $"\"{revision}\" looks like a branch";
                yield return LintContext.Finding("unpinned-revision", $"{app.Application}: {field}: {Sources.Redaction.DisplayUrl(source.RepoUrl)} {why}; pin a tag or a commit", context.Locate(app), app.Name);
            }
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Commit();

    [GeneratedRegex(@"^v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex VersionTag();

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex ExactVersion();
}
