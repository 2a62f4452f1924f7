using Hawser.Compare;
using Hawser.Core.Tests.Fakes;

namespace Hawser.Core.Tests.Compare;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void A_changed_value_shows_as_one_removed_and_one_added_line_with_a_header()
    {
        var diff = UnifiedDiff.Render("ConfigMap/a", Yaml.ConfigMap("a", "one"), Yaml.ConfigMap("a", "two"));
        var lines = diff.Split('\n');
        Assert.Equal("--- live/ConfigMap/a", lines[0]);
        Assert.Equal("+++ desired/ConfigMap/a", lines[1]);
        Assert.StartsWith("@@ -", lines[2], StringComparison.Ordinal);
        Assert.Contains("-  key: one", lines);
        Assert.Contains("+  key: two", lines);
        Assert.DoesNotContain("\u001b[", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_objects_have_an_empty_diff()
    {
        Assert.Equal("", UnifiedDiff.Render("ConfigMap/a", Yaml.ConfigMap("a"), Yaml.ConfigMap("a")));
    }

    [Fact]
    public void Colour_is_added_only_when_asked()
    {
        var diff = UnifiedDiff.Render("ConfigMap/a", Yaml.ConfigMap("a", "one"), Yaml.ConfigMap("a", "two"), colour: true);
        Assert.Contains("\u001b[31m-  key: one\u001b[0m", diff, StringComparison.Ordinal);
        Assert.Contains("\u001b[32m+  key: two\u001b[0m", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_object_shows_every_line_as_added()
    {
        var diff = UnifiedDiff.Render("ConfigMap/a", null, Yaml.ConfigMap("a"));
        Assert.All(diff.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(3), l => Assert.StartsWith("+", l, StringComparison.Ordinal));
    }
}
