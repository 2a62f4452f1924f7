using System.Text;
using Hawser.Apps;
using Hawser.Sources;

namespace Hawser.Rendering;

/// <summary>
/// Argo CD's build environment for one source: <c>ARGOCD_APP_NAME</c>, <c>ARGOCD_APP_NAMESPACE</c>, <c>ARGOCD_APP_PROJECT_NAME</c>,
/// <c>ARGOCD_APP_REVISION</c> (and its 7- and 8-character short forms), <c>ARGOCD_APP_SOURCE_REPO_URL</c>, <c>ARGOCD_APP_SOURCE_PATH</c>,
/// <c>ARGOCD_APP_SOURCE_TARGET_REVISION</c>, <c>KUBE_VERSION</c> and <c>KUBE_API_VERSIONS</c>. Jsonnet variables and plugin
/// <c>env</c> values are substituted with it (<see cref="Substitute"/>); plugins also receive it as their environment.
/// </summary>
internal static class BuildEnvironment
{
    /// <param name="revision">The commit (empty when the source is a directory outside Git).</param>
    public static IReadOnlyDictionary<string, string> For(string appName, string destinationNamespace, string project, ApplicationSource source, string revision, string? kubeVersion, IReadOnlyList<string> apiVersions) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ARGOCD_APP_NAME"] = appName,
            ["ARGOCD_APP_NAMESPACE"] = destinationNamespace,
            ["ARGOCD_APP_PROJECT_NAME"] = project,
            ["ARGOCD_APP_REVISION"] = revision,
            ["ARGOCD_APP_REVISION_SHORT"] = revision.Length > 7 ? revision[..7] : revision,
            ["ARGOCD_APP_REVISION_SHORT_8"] = revision.Length > 8 ? revision[..8] : revision,
            ["ARGOCD_APP_SOURCE_REPO_URL"] = Redaction.DisplayUrl(source.RepoUrl), // never a password from the URL
            ["ARGOCD_APP_SOURCE_PATH"] = source.Path ?? "",
            ["ARGOCD_APP_SOURCE_TARGET_REVISION"] = source.TargetRevision,
            ["KUBE_VERSION"] = kubeVersion ?? "",
            ["KUBE_API_VERSIONS"] = string.Join(',', apiVersions),
        };

    /// <summary>
    /// Replaces <c>$NAME</c> and <c>${NAME}</c> with the variable's value (empty when it is not part of the environment, as Argo CD's
    /// substitution does) and <c>$$</c> with <c>$</c>; a <c>$</c> followed by anything else is kept.
    /// </summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> environment)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 == text.Length)
            {
                sb.Append(text[i]);
                continue;
            }
            var next = text[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (next == '{' && text.IndexOf('}', i + 2) is var close and > 0)
            {
                sb.Append(environment.GetValueOrDefault(text[(i + 2)..close], ""));
                i = close;
            }
            else if (char.IsAsciiLetterOrDigit(next) || next == '_')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
                sb.Append(environment.GetValueOrDefault(text[(i + 1)..end], ""));
                i = end - 1;
            }
            else
            {
                sb.Append('$');
            }
        }
        return sb.ToString();
    }
}
