namespace Hawser.AppSets;

/// <summary>
/// Lists a repository work tree for the git generator as slash-separated paths relative to its root, in ordinal order:
/// folders (those whose name or any parent's name starts with <c>.</c> are left out, as Argo CD does) and files (<c>.git</c>
/// left out). Symbolic links to folders are not followed.
/// </summary>
internal static class RepositoryTree
{
    public static List<string> Directories(string root) =>
        Walk(root).Where(e => e.IsDirectory && !e.Path.Split('/').Any(s => s.StartsWith('.'))).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();

    public static List<string> Files(string root) =>
        Walk(root).Where(e => !e.IsDirectory).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<(string Path, bool IsDirectory)> Walk(string root)
    {
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var name = Path.GetFileName(entry);
                if (name == ".git") continue;
                var info = new FileInfo(entry);
                var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
                if ((info.Attributes & FileAttributes.Directory) != 0)
                {
                    if (info.LinkTarget is not null) continue;
                    stack.Push(entry);
                    yield return (relative, true);
                    continue;
                }
                yield return (relative, false);
            }
        }
    }
}
