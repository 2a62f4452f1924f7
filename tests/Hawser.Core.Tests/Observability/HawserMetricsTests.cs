using Hawser.Core.Tests.Fakes;
using Hawser.Kubernetes;
using Hawser.Observability;

namespace Hawser.Core.Tests.Observability;

public sealed class HawserMetricsTests
{
    private static readonly AppIdentity Web = new("web", "argocd", "default", "https://kubernetes.default.svc");

    private static async Task<string> ExposeAsync(HawserMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task App_info_has_one_series_per_current_app_and_forgets_apps_that_left()
    {
        var metrics = new HawserMetrics();
        var apps = new List<AppInfo>
        {
            new(Web, "https://github.com/org/config", "web", "Synced", "Healthy", "", true),
            new(Web with { Name = "api" }, "https://github.com/org/config", "api", "OutOfSync", "Progressing", "sync", false),
        };
        metrics.OnCollect(() => metrics.SetApps(apps));

        var first = await ExposeAsync(metrics);
        apps.RemoveAt(1);
        apps[0] = apps[0] with { SyncStatus = "OutOfSync" };
        var second = await ExposeAsync(metrics);

        Assert.Contains("""argocd_app_info{autosync_enabled="false",dest_namespace="api",dest_server="https://kubernetes.default.svc",health_status="Progressing",name="api",namespace="argocd",operation="sync",project="default",repo="https://github.com/org/config",sync_status="OutOfSync"} 1""", first, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"api\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("sync_status=\"Synced\"", second, StringComparison.Ordinal);
        Assert.Contains("name=\"web\",namespace=\"argocd\",operation=\"\",project=\"default\",repo=\"https://github.com/org/config\",sync_status=\"OutOfSync\"} 1", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_are_counted_per_app_only_inside_the_apps_scope()
    {
        var metrics = new HawserMetrics();
        var client = new MeteredKubernetesClient(new FakeKubernetesClient(), "https://kubernetes.default.svc", metrics);
        var kind = new Hawser.Manifests.GroupVersionKind("", "v1", "ConfigMap");

        await client.ApplyAsync(Yaml.One("apiVersion: v1\nkind: Namespace\nmetadata: {name: web}"), new ApplyOptions(), CancellationToken.None);
        using (KubernetesRequestScope.Enter(Web))
        {
            await client.ApplyAsync(Yaml.ConfigMap("settings", ns: "web"), new ApplyOptions(DryRun: true), CancellationToken.None);
            await client.GetAsync(kind, "web", "settings", CancellationToken.None);
            await Assert.ThrowsAsync<NotFoundException>(() => client.ApplyAsync(Yaml.ConfigMap("settings", ns: "gone"), new ApplyOptions(), CancellationToken.None));
        }
        var text = await ExposeAsync(metrics);

        Assert.Contains("""argocd_app_k8s_request_total{dry_run="true",name="web",namespace="argocd",resource_kind="ConfigMap",resource_namespace="web",response_code="200",server="https://kubernetes.default.svc",verb="patch"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""verb="get"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""resource_namespace="gone",response_code="404",server="https://kubernetes.default.svc",verb="patch"} 1""", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resource_kind=\"Namespace\"", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split('\n').Count(l => l.StartsWith("argocd_app_k8s_request_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_notification_hook_exposes_delivered_and_failed_counts_per_service()
    {
        var metrics = new HawserMetrics();
        var counts = new List<(string, long, long)> { ("slack", 3, 1) };
        metrics.BindNotifications(() => counts);

        var first = await ExposeAsync(metrics);
        counts[0] = ("slack", 5, 1);
        var second = await ExposeAsync(metrics);

        Assert.Contains("""argocd_notifications_deliveries_total{notifier="slack",succeeded="true"} 3""", first, StringComparison.Ordinal);
        Assert.Contains("""argocd_notifications_deliveries_total{notifier="slack",succeeded="false"} 1""", first, StringComparison.Ordinal);
        Assert.Contains("""argocd_notifications_deliveries_total{notifier="slack",succeeded="true"} 5""", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_servers_in_one_process_keep_their_figures_apart()
    {
        var one = new HawserMetrics();
        var two = new HawserMetrics();

        one.Webhook("GitHub", "accepted");

        Assert.Contains("hawser_webhook_requests_total{provider=\"GitHub\",status=\"accepted\"} 1", await ExposeAsync(one), StringComparison.Ordinal);
        Assert.DoesNotContain("provider=\"GitHub\"", await ExposeAsync(two), StringComparison.Ordinal);
    }
}
