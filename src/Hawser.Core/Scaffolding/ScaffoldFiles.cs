using Hawser.Rendering;

namespace Hawser.Scaffolding;

/// <summary>One file a scaffold writes: its path relative to the repository root and its content.</summary>
public sealed record ScaffoldFile(string Path, string Content);

/// <summary>What happened to one file: created, already identical (nothing written), or overwritten (<c>--force</c>).</summary>
public enum ScaffoldOutcome
{
    Created,
    Unchanged,
    Overwritten,
}

/// <summary>
/// Writes a scaffold's files into a repository, all or nothing: a file that exists with other content is a conflict, and any
/// conflict refuses the whole scaffold unless <c>force</c>; a file that exists with the same content is left alone, so running
/// the same generation twice changes nothing. Paths must stay inside the repository.
/// </summary>
public static class ScaffoldWriter
{
    /// <exception cref="ScaffoldException">A file exists with other content (without <paramref name="force"/>), or a path leaves the repository.</exception>
    public static async Task<IReadOnlyList<(ScaffoldFile File, ScaffoldOutcome Outcome)>> WriteAsync(string root, IReadOnlyList<ScaffoldFile> files, bool force, CancellationToken cancellationToken)
    {
        var fullRoot = Path.GetFullPath(root);
        var plan = new List<(ScaffoldFile File, string FullPath, ScaffoldOutcome Outcome)>();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(Path.Combine(fullRoot, file.Path));
            if (!PathGuard.IsInside(PathGuard.RealPath(full), PathGuard.RealPath(fullRoot)))
                throw new ScaffoldException($"{file.Path}: leaves the repository {fullRoot}");
            if (Directory.Exists(full)) throw new ScaffoldException($"{file.Path}: is a directory");
            var outcome = !File.Exists(full) ? ScaffoldOutcome.Created
                : await File.ReadAllTextAsync(full, cancellationToken) == file.Content ? ScaffoldOutcome.Unchanged
                : ScaffoldOutcome.Overwritten;
            plan.Add((file, full, outcome));
        }
        var conflicts = plan.Where(p => p.Outcome == ScaffoldOutcome.Overwritten).Select(p => p.File.Path).ToList();
        if (conflicts.Count > 0 && !force)
            throw new ScaffoldException($"{string.Join(", ", conflicts)}: already exist{(conflicts.Count == 1 ? "s" : "")} with other content; nothing was written (--force overwrites)");
        foreach (var (file, full, outcome) in plan.Where(p => p.Outcome != ScaffoldOutcome.Unchanged))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, file.Content, cancellationToken);
        }
        return plan.Select(p => (p.File, p.Outcome)).ToList();
    }
}

/// <summary>A scaffold cannot be generated or written; the message names the name, option or file at fault.</summary>
public sealed class ScaffoldException(string message) : Exception(message);
