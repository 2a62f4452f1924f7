namespace Hawser.Rendering;

/// <summary>
/// Copies a repository work tree (without <c>.git</c>) into a private scratch directory so tools may write into it
/// (<c>helm dependency build</c>, kustomize edits) without touching the shared, read-only tree. Symbolic links are
/// re-created as links only when they resolve inside the repository; an escaping link stops the copy.
/// </summary>
internal static class RepositoryCopy
{
    /// <summary>Copies <paramref name="root"/> to <paramref name="destination"/> (created) and returns it.</summary>
    public static string Copy(string root, string destination)
    {
        var realRoot = PathGuard.RealPath(root);
        Directory.CreateDirectory(destination);
        CopyDirectory(root, destination, realRoot, root);
        return destination;
    }

    /// <summary>
    /// A cheap writable view of the repository for editing one app directory: under <paramref name="destination"/>, every folder on
    /// the way from the root to <paramref name="appPath"/> is a real folder whose other entries are symbolic links to the originals,
    /// and the app directory itself is a real copy. Relative references (<c>../base</c>, shared components) resolve as in the
    /// repository; only the copied app directory may be written to. Returns the app directory in the view.
    /// </summary>
    public static string Shadow(string root, string appPath, string destination)
    {
        var realRoot = PathGuard.RealPath(root);
        var parts = appPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        var source = root;
        var target = destination;
        Directory.CreateDirectory(target);
        foreach (var part in parts)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(source))
            {
                var name = Path.GetFileName(entry);
                if (name == part || name == ".git") continue;
                File.CreateSymbolicLink(Path.Combine(target, name), entry);
            }
            source = Path.Combine(source, part);
            target = Path.Combine(target, part);
            Directory.CreateDirectory(target);
        }
        CopyDirectory(source, target, realRoot, root);
        return target;
    }

    private static void CopyDirectory(string source, string destination, string realRoot, string root)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(entry);
            var target = Path.Combine(destination, name);
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } link)
            {
                if (!PathGuard.IsInside(PathGuard.RealPath(entry), realRoot))
                    throw new RenderException($"symbolic link \"{Path.GetRelativePath(root, entry)}\" points outside the repository (to {link}); refusing to copy it");
                File.CreateSymbolicLink(target, link);
                continue;
            }
            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                if (name == ".git") continue;
                Directory.CreateDirectory(target);
                CopyDirectory(entry, target, realRoot, root);
                continue;
            }
            File.Copy(entry, target);
        }
    }
}
