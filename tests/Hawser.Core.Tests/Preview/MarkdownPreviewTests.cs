using System.Text.RegularExpressions;
using Hawser.Preview;
using static Hawser.Core.Tests.Preview.PreviewFixtures;

namespace Hawser.Core.Tests.Preview;

public sealed partial class MarkdownPreviewTests
{
    private static PreviewReport ThreeApps() => PreviewBuilder.Build(
        Side(BaseCommit, Rendered("alpha", ConfigMap("a", "1")), Rendered("beta", ConfigMap("b", "1")), Rendered("gamma", ConfigMap("c", "1"))),
        Side(HeadCommit,
            Rendered("alpha", ConfigMap("a", new string('x', 3000))),
            Rendered("beta", ConfigMap("b", new string('y', 3000))),
            Rendered("gamma", ConfigMap("c", new string('z', 3000)))));

    [Fact]
    public void Each_app_is_one_collapsible_section_with_its_objects_and_a_diff_block()
    {
        var markdown = MarkdownPreview.Write(ThreeApps());

        Assert.StartsWith("## Hawser preview\n\n`aaaaaaaaaaaa` → `bbbbbbbbbbbb`: **3 apps differ**: 0 added, 0 removed, 3 changed; 0 unchanged.", markdown, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(markdown, "<details>"));
        Assert.Equal(3, Regex.Count(markdown, "</details>"));
        Assert.Contains("<summary><b>beta</b>: changed (1 changed)</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("| `ConfigMap/demo/b` | changed |", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\n--- base/ConfigMap/demo/b\n+++ head/ConfigMap/demo/b\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Cut to stay under", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_over_the_cap_keeps_what_fits_and_says_what_was_cut()
    {
        var markdown = MarkdownPreview.Write(ThreeApps(), maxCharacters: 5_000);

        Assert.True(markdown.Length <= 5_000, $"{markdown.Length} characters");
        Assert.Equal(1, Regex.Count(markdown, "```diff"));
        Assert.Contains("<summary><b>beta</b>", markdown, StringComparison.Ordinal);
        Assert.Contains("_Diff left out to keep this comment under the size limit._", markdown, StringComparison.Ordinal);
        Assert.Matches(@"> \*\*Cut to stay under 5,000 characters\.\*\* Diffs left out for \d apps?: `beta`", markdown);
        Assert.Contains("Run `hawser preview --base aaaaaaaaaaaa --head bbbbbbbbbbbb` for the whole preview.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diff_holding_backticks_cannot_close_its_code_block()
    {
        var report = PreviewBuilder.Build(
            Side(BaseCommit, Rendered("web", ConfigMap("a", "1"))),
            Side(HeadCommit, Rendered("web", ConfigMap("a", "```</details>"))));

        var markdown = MarkdownPreview.Write(report);

        Assert.Contains("````diff\n", markdown, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(markdown, "</details>\n"));
    }

    [Fact]
    public void No_change_says_so_in_one_line()
    {
        var report = PreviewBuilder.Build(Side(BaseCommit, Rendered("web", ConfigMap("a", "1"))), Side(HeadCommit, Rendered("web", ConfigMap("a", "1"))));

        Assert.Equal("## Hawser preview\n\n`aaaaaaaaaaaa` → `bbbbbbbbbbbb`: **no app differs** (1 unchanged).\n\n", MarkdownPreview.Write(report));
    }
}
