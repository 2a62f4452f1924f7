using System.Globalization;
using System.Net;
using System.Text;

namespace Hawser.Preview;

/// <summary>
/// A <see cref="PreviewReport"/> as Markdown for a pull-request comment: a summary, then one collapsible <c>&lt;details&gt;</c>
/// section per app with a table of its objects and their diffs in a <c>diff</c> code block, then the errors. The text stays
/// under <c>maxCharacters</c> (GitHub refuses comments over 65,536): apps whose diffs do not fit keep their object table only,
/// apps that do not fit at all are named in a closing note, which says what was left out and how to see everything.
/// </summary>
public static class MarkdownPreview
{
    /// <summary>The default cap, under GitHub's 65,536-character comment limit with room for a bot's own header.</summary>
    public const int DefaultMaxCharacters = 60_000;

    private const int NoteReserve = 1_200;
    private const int NamesInNote = 20;

    public static string Write(PreviewReport report, int maxCharacters = DefaultMaxCharacters)
    {
        var head = new StringBuilder();
        head.Append("## Hawser preview\n\n");
        head.Append(CultureInfo.InvariantCulture, $"`{TextPreview.Short(report.BaseCommit)}` → `{TextPreview.Short(report.HeadCommit)}`: ");
        head.Append(report.HasChanges
            ? $"**{Plural(report.Apps.Count, "app")} {(report.Apps.Count == 1 ? "differs" : "differ")}**: {report.Count(PreviewChange.Added)} added, {report.Count(PreviewChange.Removed)} removed, {report.Count(PreviewChange.Changed)} changed; {report.Unchanged} unchanged."
            : $"**no app differs** ({report.Unchanged} unchanged).");
        head.Append("\n\n");
        var tail = Errors(report);

        var body = new StringBuilder();
        var diffsLeftOut = new List<string>();
        var notShown = new List<string>();
        var budget = maxCharacters - head.Length - tail.Length - NoteReserve;
        foreach (var app in report.Apps)
        {
            var full = Section(app, withDiffs: true);
            if (body.Length + full.Length <= budget)
            {
                body.Append(full);
                continue;
            }
            var compact = Section(app, withDiffs: false);
            if (body.Length + compact.Length <= budget)
            {
                body.Append(compact);
                diffsLeftOut.Add(app.Name);
            }
            else
            {
                notShown.Add(app.Name);
            }
        }
        var text = new StringBuilder().Append(head).Append(body).Append(tail);
        if (diffsLeftOut.Count > 0 || notShown.Count > 0) text.Append(Note(report, maxCharacters, diffsLeftOut, notShown));
        return text.ToString();
    }

    private static string Section(AppPreview app, bool withDiffs)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<details>\n<summary><b>{Html(app.Name)}</b>: {TextPreview.Word(app.Change)} ({Html(app.Summary())})</summary>\n\n");
        sb.Append("| object | change |\n| --- | --- |\n");
        foreach (var obj in app.Objects) sb.Append(CultureInfo.InvariantCulture, $"| {Code(obj.Key.ToString())} | {TextPreview.Word(obj.Change)} |\n");
        sb.Append('\n');
        if (withDiffs)
        {
            var diff = string.Concat(app.Objects.Select(o => o.Diff()));
            var fence = Fence(diff);
            sb.Append(fence).Append("diff\n").Append(diff);
            if (!diff.EndsWith('\n')) sb.Append('\n');
            sb.Append(fence).Append("\n\n");
        }
        else
        {
            sb.Append("_Diff left out to keep this comment under the size limit._\n\n");
        }
        sb.Append("</details>\n\n");
        return sb.ToString();
    }

    private static string Errors(PreviewReport report)
    {
        if (report.Errors.Count == 0) return "";
        var sb = new StringBuilder("### Errors\n\n");
        foreach (var error in report.Errors)
        {
            var what = error.App.Length > 0 ? $"app **{Html(error.App)}**" : "discovery";
            var fence = Fence(error.Message);
            sb.Append(CultureInfo.InvariantCulture, $"- {what} at {error.Revision}:\n\n  {fence}\n  {error.Message.Replace("\n", "\n  ", StringComparison.Ordinal)}\n  {fence}\n");
        }
        return sb.Append('\n').ToString();
    }

    private static string Note(PreviewReport report, int maxCharacters, List<string> diffsLeftOut, List<string> notShown)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"> **Cut to stay under {maxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters.**");
        if (diffsLeftOut.Count > 0) sb.Append(CultureInfo.InvariantCulture, $" Diffs left out for {Plural(diffsLeftOut.Count, "app")}: {Names(diffsLeftOut)}.");
        if (notShown.Count > 0) sb.Append(CultureInfo.InvariantCulture, $" Not shown at all: {Plural(notShown.Count, "app")}: {Names(notShown)}.");
        sb.Append(CultureInfo.InvariantCulture, $" Run `hawser preview --base {TextPreview.Short(report.BaseCommit)} --head {TextPreview.Short(report.HeadCommit)}` for the whole preview.\n");
        return sb.ToString();
    }

    private static string Names(List<string> names)
    {
        var shown = string.Join(", ", names.Take(NamesInNote).Select(Code));
        return names.Count > NamesInNote ? $"{shown} and {names.Count - NamesInNote} more" : shown;
    }

    /// <summary>A code fence longer than any run of backticks in <paramref name="text"/>, so the text cannot close it.</summary>
    private static string Fence(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return new string('`', Math.Max(3, longest + 1));
    }

    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
