using Hawser.Preview;
using static Hawser.Core.Tests.Preview.PreviewFixtures;

namespace Hawser.Core.Tests.Preview;

public sealed class PreviewBuilderTests
{
    [Fact]
    public void Only_apps_whose_objects_differ_are_listed_with_exactly_their_differing_objects()
    {
        var report = PreviewBuilder.Build(
            Side(BaseCommit,
                Rendered("same", ConfigMap("a", "1")),
                Rendered("web", ConfigMap("a", "1") + ConfigMap("b", "1") + ConfigMap("gone", "1")),
                Rendered("old", ConfigMap("x", "1"))),
            Side(HeadCommit,
                Rendered("same", ConfigMap("a", "1"), fromCache: true),
                Rendered("web", ConfigMap("a", "1") + ConfigMap("b", "2") + ConfigMap("new", "1")),
                Rendered("fresh", ConfigMap("y1", "1") + ConfigMap("z1", "1"))));

        Assert.Equal(["fresh", "old", "web"], report.Apps.Select(a => a.Name));
        Assert.Equal([PreviewChange.Added, PreviewChange.Removed, PreviewChange.Changed], report.Apps.Select(a => a.Change));
        var web = report.Apps[2];
        Assert.Equal(["ConfigMap/demo/b:Changed", "ConfigMap/demo/gone:Removed", "ConfigMap/demo/new:Added"], web.Objects.Select(o => $"{o.Key}:{o.Change}"));
        Assert.Equal(2, report.Apps[0].Objects.Count);
        Assert.All(report.Apps[0].Objects, o => Assert.Equal(PreviewChange.Added, o.Change));
        Assert.Equal(1, report.Unchanged);
        Assert.Equal(new RenderCounts(5, 1), report.Renders);
        Assert.Equal("1 changed, 1 added, 1 removed", web.Summary());
        Assert.Matches("\n-  value: [\"']1[\"']\n\\+  value: [\"']2[\"']\n", web.Objects[0].Diff());
        Assert.StartsWith("--- base/ConfigMap/demo/b\n+++ head/ConfigMap/demo/b\n", web.Objects[0].Diff(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_differs_when_only_the_order_of_objects_and_their_status_changed()
    {
        var withStatus = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: demo}\ndata: {value: '1'}\nstatus: {x: 1}\n";
        var report = PreviewBuilder.Build(
            Side(BaseCommit, Rendered("web", ConfigMap("a", "1") + ConfigMap("b", "1"))),
            Side(HeadCommit, Rendered("web", withStatus + "---\n" + ConfigMap("a", "1"))));

        Assert.False(report.HasChanges);
        Assert.Equal(1, report.Unchanged);
    }

    [Fact]
    public void A_changed_secret_shows_different_masks_and_never_a_value()
    {
        var report = PreviewBuilder.Build(
            Side(BaseCommit, Rendered("db", Secret("db", "hunter2-old"))),
            Side(HeadCommit, Rendered("db", Secret("db", "hunter2-new"))));

        var diff = Assert.Single(Assert.Single(report.Apps).Objects).Diff();
        Assert.DoesNotContain("hunter2", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("hunter2-new"u8.ToArray()), diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("admin"u8.ToArray()), diff, StringComparison.Ordinal);
        Assert.Contains("-  password: ++++++++", diff, StringComparison.Ordinal);
        Assert.Contains("+  password: ++++++++++", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("user:", diff.Split('\n').Where(l => l.StartsWith('-') || l.StartsWith('+')).Aggregate("", (a, l) => a + l + "\n"), StringComparison.Ordinal);
        var json = JsonPreview.ToJson(report).ToJsonString();
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("hunter2-old"u8.ToArray()), json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_that_fails_to_render_at_the_head_is_an_error_not_a_removal()
    {
        var report = PreviewBuilder.Build(
            Side(BaseCommit, Rendered("web", ConfigMap("a", "1"))),
            new PreviewSide(HeadCommit, [new PreviewApp("web", null, "helm template: parse error in values.yaml")], ["apps/bad.yaml: Application \"x\": spec.destination: required"]));

        Assert.False(report.HasChanges);
        Assert.Equal(["discovery@head", "web@head"], report.Errors.Select(e => $"{(e.App.Length == 0 ? "discovery" : e.App)}@{e.Revision}"));
    }
}
