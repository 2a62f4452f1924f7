using Hawser.Compare;
using Hawser.Core.Tests.Fakes;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Core.Tests.Compare;

public sealed class ComparerTests
{
    private readonly FakeKubernetesClient _client = new();

    private Task<CompareResult> CompareAsync(IReadOnlyList<KubeObject> desired, IReadOnlyList<InventoryEntry>? inventory = null, IReadOnlyList<IgnoreRule>? ignore = null) =>
        new Comparer(_client).CompareAsync(new CompareRequest("app", "default", desired, inventory ?? [], ignore), CancellationToken.None);

    private async Task<KubeObject> ApplyAsync(KubeObject obj, string app = "app")
    {
        var copy = obj.DeepClone();
        if (copy.Namespace.Length == 0) copy.SetMetadataField("namespace", "default");
        copy.SetAnnotation(TrackingId.Annotation, new TrackingId(app, copy.Key).ToString());
        return await _client.ApplyAsync(copy, new ApplyOptions(), CancellationToken.None);
    }

    [Fact]
    public async Task A_desired_object_not_in_the_cluster_is_missing_with_a_full_diff()
    {
        var result = await CompareAsync([Yaml.ConfigMap("a")]);
        var item = Assert.Single(result.Items);
        Assert.Equal(CompareStatus.Missing, item.Status);
        Assert.Equal(new ResourceKey("", "ConfigMap", "default", "a"), item.Key);
        Assert.Contains("+  key: v", item.Diff, StringComparison.Ordinal);
        Assert.True(result.IsOutOfSync);
    }

    [Fact]
    public async Task An_object_applied_as_desired_is_synced_even_with_a_status_and_new_server_metadata()
    {
        await ApplyAsync(Yaml.ConfigMap("a"));
        _client.SetStatus(new ResourceKey("", "ConfigMap", "default", "a"), new System.Text.Json.Nodes.JsonObject { ["phase"] = "Ready" });
        var result = await CompareAsync([Yaml.ConfigMap("a")]);
        Assert.Equal(CompareStatus.Synced, Assert.Single(result.Items).Status);
        Assert.Equal("", result.Items[0].Diff);
        Assert.False(result.IsOutOfSync);
    }

    [Fact]
    public async Task A_changed_value_is_out_of_sync_and_shown_in_the_diff()
    {
        await ApplyAsync(Yaml.ConfigMap("a", "old"));
        var item = Assert.Single((await CompareAsync([Yaml.ConfigMap("a", "new")])).Items);
        Assert.Equal(CompareStatus.OutOfSync, item.Status);
        Assert.Contains("-  key: old", item.Diff, StringComparison.Ordinal);
        Assert.Contains("+  key: new", item.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ignored_field_does_not_make_the_object_out_of_sync()
    {
        await ApplyAsync(Yaml.ConfigMap("a", "old"));
        var ignore = new IgnoreRule("", "ConfigMap", JqPathExpressions: [".data.key"]);
        Assert.Equal(CompareStatus.Synced, Assert.Single((await CompareAsync([Yaml.ConfigMap("a", "new")], ignore: [ignore])).Items).Status);
        var other = new IgnoreRule("", "ConfigMap", Name: "b", JsonPointers: ["/data/key"]);
        Assert.Equal(CompareStatus.OutOfSync, Assert.Single((await CompareAsync([Yaml.ConfigMap("a", "new")], ignore: [other])).Items).Status);
    }

    [Fact]
    public async Task An_object_tracked_by_another_app_is_a_conflict_and_not_diffed()
    {
        await ApplyAsync(Yaml.ConfigMap("shared", "theirs"), app: "other");
        var item = Assert.Single((await CompareAsync([Yaml.ConfigMap("shared", "ours")])).Items);
        Assert.Equal(CompareStatus.Conflict, item.Status);
        Assert.Contains("'other'", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inventoried_object_still_tracked_by_the_app_requires_pruning_and_others_do_not()
    {
        var ours = await ApplyAsync(Yaml.ConfigMap("gone"));
        var theirs = await ApplyAsync(Yaml.ConfigMap("taken"), app: "other");
        var untracked = _client.Seed(Yaml.ConfigMap("manual", ns: "default"));
        var result = await CompareAsync([], [InventoryEntries.Of(ours), InventoryEntries.Of(theirs), InventoryEntries.Of(untracked),
            new InventoryEntry(new ResourceKey("", "ConfigMap", "default", "deleted"), "v1")]);
        var item = Assert.Single(result.Items);
        Assert.Equal(CompareStatus.RequiresPruning, item.Status);
        Assert.Equal("gone", item.Key.Name);
    }

    [Fact]
    public async Task Ignore_extraneous_keeps_a_prune_candidate_from_making_the_app_out_of_sync()
    {
        var obj = await ApplyAsync(Yaml.ConfigMap("extra", annotations: "argocd.argoproj.io/compare-options: IgnoreExtraneous"));
        var result = await CompareAsync([], [InventoryEntries.Of(obj)]);
        Assert.Equal(CompareStatus.RequiresPruning, Assert.Single(result.Items).Status);
        Assert.False(result.IsOutOfSync);
    }

    [Fact]
    public async Task Hooks_are_not_compared_and_cluster_scoped_objects_get_no_namespace()
    {
        var result = await CompareAsync(Yaml.Many("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate, annotations: {argocd.argoproj.io/hook: PreSync}}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader, namespace: default}
            """));
        Assert.Equal(new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "reader"), Assert.Single(result.Items).Key);
    }

    [Fact]
    public async Task Every_desired_object_carries_the_apps_tracking_id()
    {
        var item = Assert.Single((await CompareAsync([Yaml.ConfigMap("a")])).Items);
        Assert.Equal("app:/ConfigMap:default/a", item.Desired!.GetAnnotation(TrackingId.Annotation));
    }

    [Fact]
    public async Task Malformed_ignore_paths_are_all_reported_at_once()
    {
        var ignore = new IgnoreRule("", "ConfigMap", JsonPointers: ["data"], JqPathExpressions: [".a | length"]);
        var e = await Assert.ThrowsAsync<FormatException>(() => CompareAsync([Yaml.ConfigMap("a")], ignore: [ignore]));
        Assert.Contains("'data'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'.a | length'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_assessor_each_object_carries_its_health_and_the_app_the_worst()
    {
        await ApplyAsync(Yaml.ConfigMap("sick", annotations: "test.hawser.io/health: Degraded"));
        await ApplyAsync(Yaml.ConfigMap("fine", annotations: "test.hawser.io/health: Healthy"));
        var result = await new Comparer(_client, health: new FakeHealth()).CompareAsync(new CompareRequest("app", "default",
            [Yaml.ConfigMap("sick", annotations: "test.hawser.io/health: Degraded"), Yaml.ConfigMap("fine", annotations: "test.hawser.io/health: Healthy"), Yaml.ConfigMap("absent")], []),
            CancellationToken.None);
        Assert.Equal(Hawser.Health.HealthStatus.Missing, result.Items.Single(i => i.Key.Name == "absent").Health!.Status);
        Assert.Equal(Hawser.Health.HealthStatus.Healthy, result.Items.Single(i => i.Key.Name == "fine").Health!.Status);
        Assert.Equal(Hawser.Health.HealthStatus.Degraded, result.Health.Status);
    }
}
