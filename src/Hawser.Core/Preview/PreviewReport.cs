using Hawser.Compare;
using Hawser.Manifests;

namespace Hawser.Preview;

/// <summary>How an app or an object differs between the base and the head revision.</summary>
public enum PreviewChange
{
    /// <summary>Only at the head revision.</summary>
    Added,

    /// <summary>Only at the base revision.</summary>
    Removed,

    /// <summary>At both, different.</summary>
    Changed,
}

/// <summary>
/// What a change does to the rendered objects of a config repo: the apps whose objects differ between <see cref="BaseCommit"/> and
/// <see cref="HeadCommit"/> (sorted by name), the apps that failed to render, and how many renders the cache answered.
/// </summary>
/// <param name="BaseCommit">The base revision's commit.</param>
/// <param name="HeadCommit">The head revision's commit.</param>
/// <param name="Apps">Apps added, removed or with different objects, sorted by name; unchanged apps are not listed.</param>
/// <param name="Unchanged">How many apps exist at both revisions with equal objects.</param>
/// <param name="Errors">Apps that could not be discovered or rendered, with the reason (sorted).</param>
/// <param name="Renders">How many renders ran and how many the render cache answered.</param>
public sealed record PreviewReport(string BaseCommit, string HeadCommit, IReadOnlyList<AppPreview> Apps, int Unchanged, IReadOnlyList<PreviewError> Errors, RenderCounts Renders)
{
    /// <summary>True when an app was added, removed or changed.</summary>
    public bool HasChanges => Apps.Count > 0;

    /// <summary>How many listed apps have <paramref name="change"/>.</summary>
    public int Count(PreviewChange change) => Apps.Count(a => a.Change == change);
}

/// <summary>One app that differs: its objects that were added, removed or changed, sorted by key.</summary>
/// <param name="Name">The Application's name.</param>
/// <param name="Change">Added (new at head), removed (gone at head) or changed (objects differ).</param>
/// <param name="Objects">The objects that differ.</param>
public sealed record AppPreview(string Name, PreviewChange Change, IReadOnlyList<ObjectPreview> Objects)
{
    /// <summary>"2 changed, 1 added" for the objects.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        foreach (var (change, word) in new[] { (PreviewChange.Changed, "changed"), (PreviewChange.Added, "added"), (PreviewChange.Removed, "removed") })
        {
            var n = Objects.Count(o => o.Change == change);
            if (n > 0) parts.Add($"{n} {word}");
        }
        return parts.Count == 0 ? "no objects" : string.Join(", ", parts);
    }
}

/// <summary>
/// One object that differs, both sides normalised and (for Secrets) masked: nothing here holds a Secret value.
/// </summary>
/// <param name="Key">The object's identity.</param>
/// <param name="Change">Added, removed or changed.</param>
/// <param name="Base">The object at the base revision (masked), or null when added.</param>
/// <param name="Head">The object at the head revision (masked), or null when removed.</param>
public sealed record ObjectPreview(ResourceKey Key, PreviewChange Change, KubeObject? Base, KubeObject? Head)
{
    /// <summary>The unified diff from base to head, with ANSI colours when <paramref name="colour"/>.</summary>
    public string Diff(bool colour = false) => UnifiedDiff.Render(Key.ToString(), Base, Head, colour, "base", "head");
}

/// <summary>An app (or the discovery at one revision) that failed.</summary>
/// <param name="App">The app's name, or empty for a failure of the discovery itself.</param>
/// <param name="Revision"><c>base</c> or <c>head</c>.</param>
/// <param name="Message">What went wrong (the tool's own message for a render failure).</param>
public sealed record PreviewError(string App, string Revision, string Message);

/// <summary>Renders made for a preview.</summary>
/// <param name="Rendered">Renders that ran the tools.</param>
/// <param name="Cached">Renders the render cache answered.</param>
public sealed record RenderCounts(int Rendered, int Cached);
