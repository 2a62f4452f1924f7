using Hawser.Compare;
using Hawser.Core.Tests.Fakes;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync;

public sealed class SyncOrderTests
{
    private static async Task<SyncPlan> PlanAsync(IReadOnlyList<KubeObject> desired, FakeKubernetesClient? client = null, IReadOnlyList<InventoryEntry>? inventory = null)
    {
        client ??= new FakeKubernetesClient();
        var request = new SyncRequest("app", "r1", "default", desired, Prune: true);
        var (result, prepared) = await new Comparer(client).CompareDetailedAsync(
            new CompareRequest("app", "default", desired, inventory ?? []), CancellationToken.None);
        return SyncPlanner.Plan(result, prepared, request, null);
    }

    private static readonly string Mixed = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: b}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec: {group: example.com, scope: Namespaced, names: {kind: Widget, plural: widgets}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: default}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          annotations: {argocd.argoproj.io/hook: PreSync}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: smoke-
          annotations: {argocd.argoproj.io/hook: PostSync}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: late
          annotations: {argocd.argoproj.io/sync-wave: "2"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: early
          annotations: {argocd.argoproj.io/sync-wave: "-1"}
        """;

    private static string Describe(SyncTask t) => $"{t.Phase}/{t.Wave}/{t.Key.Kind}/{t.SortName}";

    [Fact]
    public async Task Tasks_sort_by_phase_wave_kind_order_then_name()
    {
        var plan = await PlanAsync(Yaml.Many(Mixed));
        Assert.Equal(
        [
            "PreSync/0/Namespace/default", "PreSync/0/Job/migrate",
            "Sync/-1/ConfigMap/early",
            "Sync/0/ServiceAccount/web", "Sync/0/ConfigMap/a", "Sync/0/ConfigMap/b", "Sync/0/CustomResourceDefinition/widgets.example.com",
            "Sync/0/Service/web", "Sync/0/Deployment/web", "Sync/0/Widget/w",
            "Sync/2/ConfigMap/late",
            "PostSync/0/Job/smoke-",
        ], plan.Tasks.Select(Describe));
    }

    [Fact]
    public async Task The_order_does_not_depend_on_the_input_order()
    {
        var objects = Yaml.Many(Mixed);
        var forward = (await PlanAsync(objects)).Tasks.Select(Describe).ToList();
        var backward = (await PlanAsync(objects.Reverse().ToList())).Tasks.Select(Describe).ToList();
        Assert.Equal(forward, backward);
    }

    [Fact]
    public async Task A_crd_in_a_later_wave_is_pulled_ahead_of_its_custom_resources()
    {
        var plan = await PlanAsync(Yaml.Many("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, annotations: {argocd.argoproj.io/sync-wave: "-3"}}
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com, annotations: {argocd.argoproj.io/sync-wave: "4"}}
            spec: {group: example.com, scope: Namespaced, names: {kind: Widget, plural: widgets}}
            """));
        Assert.Equal(["Sync/-3/CustomResourceDefinition/widgets.example.com", "Sync/-3/Widget/w"], plan.Tasks.Select(Describe));
        Assert.False(plan.Tasks[1].KindServed);
        Assert.Equal("default", plan.Tasks[1].Key.Namespace);
    }

    [Fact]
    public async Task Steps_apply_and_wait_per_wave_then_prune_in_reverse_then_post_sync_then_prune_last()
    {
        var client = new FakeKubernetesClient();
        var inventory = new List<InventoryEntry>();
        foreach (var (name, options) in new[] { ("old-a", ""), ("old-b", ""), ("old-last", "PruneLast=true") })
        {
            var cm = Yaml.ConfigMap(name, ns: "default",
                annotations: $"hawser.io/tracking-id: app:/ConfigMap:default/{name}" + (options.Length > 0 ? $";argocd.argoproj.io/sync-options: {options}" : ""));
            client.Seed(cm);
            inventory.Add(InventoryEntries.Of(cm));
        }
        var plan = await PlanAsync(Yaml.Many(Mixed), client, inventory);
        Assert.Equal(
        [
            "apply/PreSync/0", "wait/PreSync/0", "apply/Sync/-1", "wait/Sync/-1", "apply/Sync/0", "wait/Sync/0", "apply/Sync/2", "wait/Sync/2",
            "prune", "apply/PostSync/0", "wait/PostSync/0", "prune-last",
        ], plan.Steps.Select(s => s.Id));
        Assert.Equal(["old-b", "old-a"], plan.Steps.Single(s => s.Id == "prune").Tasks.Select(t => t.Key.Name));
        Assert.Equal(["old-last"], plan.Steps.Single(s => s.Id == "prune-last").Tasks.Select(t => t.Key.Name));
    }

    [Fact]
    public async Task Sync_fail_hooks_only_appear_on_the_failure_path()
    {
        var plan = await PlanAsync(Yaml.Many("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: alert, annotations: {argocd.argoproj.io/hook: SyncFail}}
            """));
        Assert.Empty(plan.Steps);
        Assert.Equal(["apply/SyncFail/0", "wait/SyncFail/0"], plan.FailSteps.Select(s => s.Id));
    }

    [Fact]
    public void Helms_install_order_puts_unknown_kinds_last()
    {
        string[] kinds = ["Ingress", "Widget", "Deployment", "Namespace", "CustomResourceDefinition", "Secret", "ClusterRole", "Service"];
        Assert.Equal(["Namespace", "Secret", "CustomResourceDefinition", "ClusterRole", "Service", "Deployment", "Ingress", "Widget"],
            kinds.OrderBy(KindOrder.Of).ToArray());
    }
}
