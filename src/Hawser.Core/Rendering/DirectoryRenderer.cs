using Hawser.Globs;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// Renders a plain directory of manifests as Argo CD does: <c>.yaml</c>, <c>.yml</c> and <c>.json</c> files, and <c>.jsonnet</c> files
/// evaluated by <see cref="JsonnetRenderer"/> (<c>.libsonnet</c> files are only imported), in walk order
/// (entries sorted by name, a folder's files where the folder sorts), sub-directories only with <c>recurse</c>, include/exclude
/// globs on the path relative to the app directory. Linked directories are not followed; linked files must stay inside the repository.
/// </summary>
internal static class DirectoryRenderer
{
    private static readonly HashSet<string> Extensions = new(StringComparer.Ordinal) { ".yaml", ".yml", ".json", ".jsonnet" };

    public static async Task<RenderedManifests> RenderAsync(SourceContext context, ToolSet tools, CancellationToken cancellationToken)
    {
        var options = context.Source.Directory;
        var include = options?.Include is { } i ? Glob.Parse(i, GlobOptions.DirectoryFilter) : null;
        var exclude = options?.Exclude is { } e ? Glob.Parse(e, GlobOptions.DirectoryFilter) : null;
        var recurse = options?.Recurse ?? false;
        var objects = new List<KubeObject>();
        foreach (var file in Walk(context.AppDirectory, recurse))
        {
            var relative = Path.GetRelativePath(context.AppDirectory, file).Replace('\\', '/');
            if (!Extensions.Contains(Path.GetExtension(file))) continue;
            if (exclude is not null && exclude.IsMatch(relative)) continue;
            if (include is not null && !include.IsMatch(relative)) continue;
            var display = Path.GetRelativePath(context.RepoRoot, file).Replace('\\', '/');
            if (new FileInfo(file).LinkTarget is not null)
            {
                PathGuard.Resolve(context.RepoRoot, context.AppDirectory, relative, "manifest");
                if (Directory.Exists(file)) continue;
            }
            if (Path.GetExtension(file) == ".jsonnet")
            {
                objects.AddRange(await JsonnetRenderer.RenderFileAsync(context, tools, file, display, cancellationToken));
                continue;
            }
            try
            {
                objects.AddRange(await ManifestReader.ReadFileAsync(file, display, cancellationToken));
            }
            catch (ManifestException ex)
            {
                throw new RenderException(ex.Message, ex);
            }
        }
        return new RenderedManifests(objects, []);
    }

    private static IEnumerable<string> Walk(string directory, bool recurse)
    {
        var entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            var info = new FileInfo(entry);
            var isLink = info.LinkTarget is not null;
            if (!isLink && (info.Attributes & FileAttributes.Directory) != 0)
            {
                if (!recurse || Path.GetFileName(entry) == ".git") continue;
                foreach (var nested in Walk(entry, recurse)) yield return nested;
                continue;
            }
            yield return entry;
        }
    }
}
