using System.Text;
using DiffPlex;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// Renders a live/desired pair as a unified diff of their YAML (DiffPlex line diff, three lines of context), with ANSI
/// colours when asked (the CLI asks only on a terminal). Callers pass objects that are already normalised and masked.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Cyan = "\u001b[36m";
    private const string Reset = "\u001b[0m";

    /// <summary>The diff text; empty when both sides render the same.</summary>
    /// <param name="title">Shown in the <c>---</c>/<c>+++</c> header, e.g. the object's key.</param>
    /// <param name="oldSide">The header's name for the old side (<c>live</c>; <c>base</c> in a preview).</param>
    /// <param name="newSide">The header's name for the new side (<c>desired</c>; <c>head</c> in a preview).</param>
    public static string Render(string title, KubeObject? live, KubeObject? desired, bool colour = false, string oldSide = "live", string newSide = "desired")
    {
        var oldText = live is null ? "" : ManifestWriter.ToYaml(live.Body);
        var newText = desired is null ? "" : ManifestWriter.ToYaml(desired.Body);
        if (oldText == newText) return "";
        var result = new Differ().CreateLineDiffs(oldText, newText, ignoreWhitespace: false, ignoreCase: false);
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        // The trailing newline yields an empty last piece; it is not a line.
        var aCount = a.Length > 0 && a[^1].Length == 0 ? a.Length - 1 : a.Length;
        var bCount = b.Length > 0 && b[^1].Length == 0 ? b.Length - 1 : b.Length;

        var sb = new StringBuilder();
        sb.Append(Paint($"--- {oldSide}/{title}", colour, Red)).Append('\n');
        sb.Append(Paint($"+++ {newSide}/{title}", colour, Green)).Append('\n');

        var blocks = result.DiffBlocks;
        var i = 0;
        while (i < blocks.Count)
        {
            // Group blocks whose context windows touch into one hunk.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * Context) j++;
            var startA = Math.Max(0, blocks[i].DeleteStartA - Context);
            var startB = Math.Max(0, blocks[i].InsertStartB - Context);
            var endA = Math.Min(aCount, blocks[j].DeleteStartA + blocks[j].DeleteCountA + Context);
            var endB = Math.Min(bCount, blocks[j].InsertStartB + blocks[j].InsertCountB + Context);
            sb.Append(Paint($"@@ -{startA + 1},{endA - startA} +{startB + 1},{endB - startB} @@", colour, Cyan)).Append('\n');
            var pa = startA;
            for (var k = i; k <= j; k++)
            {
                var block = blocks[k];
                for (; pa < block.DeleteStartA; pa++) sb.Append(' ').Append(a[pa]).Append('\n');
                for (var d = 0; d < block.DeleteCountA; d++) sb.Append(Paint("-" + a[block.DeleteStartA + d], colour, Red)).Append('\n');
                for (var n = 0; n < block.InsertCountB; n++) sb.Append(Paint("+" + b[block.InsertStartB + n], colour, Green)).Append('\n');
                pa = block.DeleteStartA + block.DeleteCountA;
            }
            for (; pa < endA; pa++) sb.Append(' ').Append(a[pa]).Append('\n');
            i = j + 1;
        }
        return sb.ToString();
    }

    private static string Paint(string line, bool colour, string code) => colour ? code + line + Reset : line;
}
