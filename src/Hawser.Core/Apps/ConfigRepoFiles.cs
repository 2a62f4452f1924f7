namespace Hawser.Apps;

/// <summary>
/// The manifest files of a config repo tree: every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file, as paths relative to the
/// tree with <c>/</c> separators, in ordinal order. Left out: hidden directories (<c>.git</c>, <c>.github</c>...) and hidden
/// files other than Argo CD's <c>.argocd-source*.yaml</c> overrides, and the <c>templates/</c> folder of a Helm chart (a folder
/// beside a <c>Chart.yaml</c>), whose files are Go templates, not YAML. Symbolic links are not followed.
/// </summary>
public static class ConfigRepoFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The manifest files under <paramref name="tree"/>.</summary>
    public static IReadOnlyList<string> List(string tree)
    {
        var result = new List<string>();
        Walk(tree, tree, result);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static void Walk(string tree, string directory, List<string> result)
    {
        var isChart = File.Exists(Path.Combine(directory, "Chart.yaml"));
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo sub)
            {
                if (sub.Name.StartsWith('.') || (isChart && sub.Name == "templates")) continue;
                Walk(tree, sub.FullName, result);
                continue;
            }
            if (!Extensions.Contains(Path.GetExtension(entry.Name), StringComparer.OrdinalIgnoreCase)) continue;
            if (entry.Name.StartsWith('.') && !entry.Name.StartsWith(".argocd-source", StringComparison.Ordinal)) continue;
            result.Add(Path.GetRelativePath(tree, entry.FullName).Replace('\\', '/'));
        }
    }
}
