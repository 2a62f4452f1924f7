using System.Diagnostics;
using System.Net;
using Hawser.Testing;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// <c>/metrics</c> as an operator uses it: promtool accepts the exposition, a real Prometheus scrapes the server, and Argo
/// CD's published dashboard finds its series.
/// </summary>
public sealed class MetricsApiTests : IAsyncLifetime
{
    private ServerHarness _h = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_are_served_without_a_login_with_Argo_CDs_names_and_pass_promtool()
    {
        await StartAsync();

        using var response = await _http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("argocd_app_info{autosync_enabled=\"true\",dest_namespace=\"web\",dest_server=\"https://kubernetes.default.svc\",health_status=\"Healthy\",name=\"web\",namespace=\"argocd\",operation=\"\",project=\"default\",repo=\"" + _h.RepoUrl + "\",sync_status=\"Synced\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("argocd_app_sync_total{dest_server=\"https://kubernetes.default.svc\",dry_run=\"false\",name=\"web\",namespace=\"argocd\",phase=\"Succeeded\",project=\"default\"}", text, StringComparison.Ordinal);
        Assert.Contains("argocd_app_reconcile_bucket{dest_server=\"https://kubernetes.default.svc\",namespace=\"argocd\",le=\"0.25\"}", text, StringComparison.Ordinal);
        Assert.Contains("argocd_cluster_info{k8s_version=\"\",name=\"in-cluster\",server=\"https://kubernetes.default.svc\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("argocd_app_k8s_request_total{dry_run=\"false\",name=\"web\",namespace=\"argocd\",resource_kind=\"ConfigMap\"", text, StringComparison.Ordinal);
        Assert.Contains("argocd_git_request_total{repo=\"" + _h.RepoUrl + "\",request_type=\"fetch\"}", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"app_reconciliation_queue\"}", text, StringComparison.Ordinal);
        Assert.Contains("hawser_render_cache_hits_total", text, StringComparison.Ordinal);
        Assert.Contains("hawser_sync_wave_duration_seconds_bucket{phase=\"Sync\",step=\"apply\"", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
        var output = await PromtoolAsync(text);
        // Argo CD Image Updater names two gauges with a _total suffix; Hawser keeps its names so its dashboards and alerts
        // work unchanged, and promtool's lint says so. Nothing else may be reported.
        var problems = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !ImageUpdaterGauges.Any(name => line == name + " non-counter metrics should not have \"_total\" suffix")).ToList();
        Assert.True(problems.Count == 0, $"promtool check metrics failed:\n{output}");
    }

    [Fact]
    public async Task A_real_Prometheus_scrapes_the_server_and_every_claimed_query_of_Argo_CDs_dashboard_returns_a_series()
    {
        await StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync($"{_h.Server!.Url.Host}:{_h.Server.Url.Port}", "argocd-server-metrics", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => (await prometheus.TargetAsync(CancellationToken.None)).Health == "up", "Prometheus scraping the server");
        // increase() needs two samples of a series inside its window.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var missing = new List<string>();
        foreach (var expression in DashboardQueries())
        {
            if ((await prometheus.QueryAsync(expression, CancellationToken.None)).Count == 0) missing.Add(expression);
        }

        Assert.True(missing.Count == 0, "no series for:\n" + string.Join('\n', missing));
        // Hawser's own dashboard: every query is valid PromQL (QueryAsync throws with Prometheus' error otherwise), and the
        // application panels find the apps.
        foreach (var expression in OwnDashboardQueries()) await prometheus.QueryAsync(expression, CancellationToken.None);
        Assert.NotEmpty(await prometheus.QueryAsync(OwnDashboardQueries().First(q => q.StartsWith("sum by (sync_status)", StringComparison.Ordinal)), CancellationToken.None));
    }

    private static IEnumerable<string> OwnDashboardQueries()
    {
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "grafana-dashboard.json")))!;
        return dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => t!["expr"]!.GetValue<string>()
                .Replace("$job", ".*", StringComparison.Ordinal).Replace("$project", ".*", StringComparison.Ordinal)
                .Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "5m", StringComparison.Ordinal))
            .ToList();
    }

    // One healthy app and one whose PreSync hook fails, so both sync phases have series.
    private async Task StartAsync()
    {
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one"))
            .Write("apps/broken.yaml", _h.Application("broken", "broken", "broken"))
            .Write("broken/cm.yaml", ServerHarness.ConfigMap("settings", "one"))
            .Write("broken/job.yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  annotations: {argocd.argoproj.io/hook: PreSync, sandbox.hawser.io/simulate: fail}
                spec:
                  template:
                    spec: {restartPolicy: Never, containers: [{name: migrate, image: "registry.example/migrate:1"}]}
                """).CommitAsync("apps", CancellationToken.None);
        await _h.StartServerAsync(o => o with { HealthTimeout = TimeSpan.FromSeconds(3) });
        _http = new HttpClient { BaseAddress = _h.Server!.Url };
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        await ServerHarness.EventuallyAsync(async () => (await _h.Server.Store.GetLatestOperationAsync("broken", CancellationToken.None))?.Phase is State.OperationPhase.Failed or State.OperationPhase.Error,
            "broken's sync failed");
    }

    private static IEnumerable<string> DashboardQueries() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Api", "testdata", "argocd-dashboard-queries.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Trim()
                .Replace("$namespace", ".*", StringComparison.Ordinal).Replace("$cluster", ".*", StringComparison.Ordinal)
                .Replace("$health_status", ".*", StringComparison.Ordinal).Replace("$sync_status", ".*", StringComparison.Ordinal)
                .Replace("$interval", "1m", StringComparison.Ordinal).Replace("$grouping", "namespace", StringComparison.Ordinal));

    private static readonly string[] ImageUpdaterGauges = ["argocd_image_updater_applications_watched_total", "argocd_image_updater_images_watched_total"];

    private static async Task<string> PromtoolAsync(string exposition)
    {
        var info = new ProcessStartInfo(Tools.Require("promtool"), ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }
}
