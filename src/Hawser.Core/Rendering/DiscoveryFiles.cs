using Hawser.Globs;

namespace Hawser.Rendering;

/// <summary>
/// Whether a config management plugin's discovery glob (<c>discover.fileName</c> or <c>discover.find.glob</c>) matches
/// anything in the app directory: the glob is relative to it (a leading <c>./</c> is ignored, <c>\</c> reads as
/// <c>/</c>), files and folders both match, and <c>.git</c> is never looked into.
/// </summary>
internal static class DiscoveryFiles
{
    public static bool AnyMatch(string directory, string pattern, GlobOptions options)
    {
        var normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized[2..];
        var glob = Glob.Parse(normalized, options);
        var depth = options.DoubleStar != DoubleStar.None && normalized.Contains("**", StringComparison.Ordinal) ? int.MaxValue : normalized.Split('/').Length;
        return Walk(directory, "", depth).Any(glob.IsMatch);
    }

    private static IEnumerable<string> Walk(string directory, string prefix, int depth)
    {
        if (depth <= 0) yield break;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name == ".git") continue;
            var relative = prefix + name;
            yield return relative;
            var info = new FileInfo(entry);
            if (info.LinkTarget is null && (info.Attributes & FileAttributes.Directory) != 0)
            {
                foreach (var nested in Walk(entry, relative + "/", depth - 1)) yield return nested;
            }
        }
    }
}
