using System.Globalization;

namespace Hawser.Preview;

/// <summary>
/// A <see cref="PreviewReport"/> for a terminal or a CI log: a summary line, then per app a header and its objects' unified
/// diffs (<c>--- base/...</c>, <c>+++ head/...</c>), with ANSI colours only when asked (the CLI asks on a terminal).
/// </summary>
public static class TextPreview
{
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    public static void Write(PreviewReport report, TextWriter output, bool colour)
    {
        output.WriteLine(Summary(report));
        foreach (var app in report.Apps)
        {
            output.WriteLine();
            var header = $"=== {app.Name} ({Word(app.Change)}: {app.Summary()})";
            output.WriteLine(colour ? Bold + header + Reset : header);
            foreach (var obj in app.Objects) output.Write(obj.Diff(colour));
        }
        foreach (var error in report.Errors)
            output.WriteLine($"error: {(error.App.Length > 0 ? $"app {error.App}" : "discovery")} at {error.Revision}: {error.Message}");
    }

    /// <summary>One line: the commits, how many apps differ and how, and how many renders the cache answered.</summary>
    public static string Summary(PreviewReport report)
    {
        var range = $"{Short(report.BaseCommit)}..{Short(report.HeadCommit)}";
        var apps = report.HasChanges
            ? $"{Count(report.Apps.Count, "app")} {(report.Apps.Count == 1 ? "differs" : "differ")} ({report.Count(PreviewChange.Added)} added, {report.Count(PreviewChange.Removed)} removed, {report.Count(PreviewChange.Changed)} changed)"
            : "no app differs";
        var errors = report.Errors.Count > 0 ? $", {Count(report.Errors.Count, "error")}" : "";
        return $"preview {range}: {apps}, {report.Unchanged} unchanged{errors}; renders: {report.Renders.Rendered} run, {report.Renders.Cached} from cache";
    }

    internal static string Word(PreviewChange change) => change switch
    {
        PreviewChange.Added => "added",
        PreviewChange.Removed => "removed",
        _ => "changed",
    };

    internal static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
