using Hawser.Apps;

namespace Hawser.Webhooks;

/// <summary>
/// Argo CD's <c>argocd.argoproj.io/manifest-generate-paths</c> annotation: the directories an app's manifests depend on,
/// separated by <c>;</c>. A relative entry (<c>.</c>, <c>../common</c>) is relative to each Git source's path; an absolute one
/// (<c>/shared</c>) is relative to the repository root. A push refreshes the app only when one of its changed files lies
/// under one of these directories; without the annotation, or when the push does not list its files, it always does.
/// </summary>
public sealed class ManifestGeneratePaths
{
    /// <summary>The annotation's name.</summary>
    public const string Annotation = "argocd.argoproj.io/manifest-generate-paths";

    private readonly IReadOnlyList<string> _directories;

    private ManifestGeneratePaths(IReadOnlyList<string> directories) => _directories = directories;

    /// <summary>The repository-relative directories (no leading or trailing slash; empty for the root).</summary>
    public IReadOnlyList<string> Directories => _directories;

    /// <summary>The app's paths, or null when it does not set the annotation (every change concerns it).</summary>
    public static ManifestGeneratePaths? Of(Application app)
    {
        if (!app.Metadata.Annotations.TryGetValue(Annotation, out var value)) return null;
        var directories = new List<string>();
        foreach (var entry in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith('/'))
            {
                directories.Add(Clean(entry));
                continue;
            }
            foreach (var source in app.Spec.Sources.Where(s => !s.IsChart && s.Path is not null))
                directories.Add(Clean(source.Path + "/" + entry));
        }
        return new ManifestGeneratePaths(directories.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>True when one of <paramref name="changedFiles"/> (repository-relative) lies under one of the directories.</summary>
    public bool AnyChanged(IEnumerable<string> changedFiles) =>
        changedFiles.Select(Clean).Any(file => _directories.Any(dir => dir.Length == 0 || file == dir || file.StartsWith(dir + "/", StringComparison.Ordinal)));

    /// <summary>A path with <c>.</c> and <c>..</c> resolved and no leading or trailing slash (never above the root).</summary>
    internal static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
