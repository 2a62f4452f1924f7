namespace Hawser.Rendering;

/// <summary>
/// Keeps every path that comes from Git or an Application inside its repository: absolute paths and <c>..</c> escapes are
/// rejected, and the path is checked again after every symbolic link on the way has been followed.
/// </summary>
internal static class PathGuard
{
    private const int MaxLinkHops = 40;

    /// <summary>
    /// Resolves <paramref name="relative"/> against <paramref name="baseDirectory"/> (inside <paramref name="root"/>) and returns the
    /// full path, or throws a <see cref="RenderException"/> naming <paramref name="what"/> when it leaves the repository.
    /// </summary>
    public static string Resolve(string root, string baseDirectory, string relative, string what)
    {
        if (relative.Length == 0) throw new RenderException($"{what}: empty path");
        if (Path.IsPathRooted(relative) || relative.StartsWith('~'))
            throw new RenderException($"{what} \"{relative}\": absolute paths are not allowed; use a path relative to the repository");
        var realRoot = RealPath(root);
        var candidate = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        if (!IsInside(candidate, Path.GetFullPath(root)) && !IsInside(candidate, realRoot))
            throw new RenderException($"{what} \"{relative}\": the path leaves the repository");
        var real = RealPath(candidate);
        if (!IsInside(real, realRoot))
            throw new RenderException($"{what} \"{relative}\": a symbolic link on the path points outside the repository");
        return candidate;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both full paths).</summary>
    public static bool IsInside(string path, string root)
    {
        var r = root.TrimEnd('/');
        return path == r || path.StartsWith(r + "/", StringComparison.Ordinal) || r.Length == 0;
    }

    /// <summary>
    /// The path with every symbolic link resolved (like <c>realpath -m</c>): components that do not exist are kept as written.
    /// </summary>
    public static string RealPath(string path)
    {
        var pending = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = current == "/" ? "/" + part : current + "/" + part;
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > MaxLinkHops) throw new RenderException($"too many levels of symbolic links at {next}");
            if (Path.IsPathRooted(target)) current = "/";
            foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(p);
        }
        return current;
    }

    /// <summary>
    /// Walks <paramref name="directory"/> (without following linked directories) and throws when any symbolic link resolves
    /// outside <paramref name="root"/>, naming the link relative to the root. <c>.git</c> is not walked.
    /// </summary>
    public static void CheckSymlinks(string root, string directory)
    {
        var realRoot = RealPath(root);
        var stack = new Stack<string>();
        stack.Push(directory);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var info = new FileInfo(entry);
                if (info.LinkTarget is not null)
                {
                    var real = RealPath(entry);
                    if (!IsInside(real, realRoot))
                        throw new RenderException($"symbolic link \"{Path.GetRelativePath(root, entry)}\" points outside the repository (to {info.LinkTarget}); refusing to render");
                    continue;
                }
                if ((info.Attributes & FileAttributes.Directory) != 0 && Path.GetFileName(entry) != ".git") stack.Push(entry);
            }
        }
    }
}
