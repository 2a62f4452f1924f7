using Prometheus;

namespace Hawser.Observability;

/// <summary>
/// Hawser's Prometheus metrics, on a registry of their own (one per server, so tests and benchmarks that run several in one
/// process do not mix their figures), exposed by the server at <c>/metrics</c>.
/// <para><b>Argo CD's names.</b> Where a figure means what Argo CD's does, it has Argo CD's name and labels, so Argo CD's
/// published Grafana dashboard and alerts work unchanged: <c>argocd_app_info</c>, <c>argocd_app_sync_total</c>,
/// <c>argocd_app_reconcile</c>, <c>argocd_app_k8s_request_total</c>, <c>argocd_cluster_info</c>,
/// <c>argocd_cluster_api_resource_objects</c>, <c>argocd_cluster_api_resources</c>, <c>argocd_cluster_events_total</c>,
/// <c>argocd_git_request_total</c>, <c>argocd_git_request_duration_seconds</c>, <c>workqueue_depth</c> and
/// <c>argocd_notifications_deliveries_total</c>, and Argo CD Image Updater's <c>argocd_image_updater_images_updated_total</c>,
/// <c>argocd_image_updater_images_errors_total</c>, <c>argocd_image_updater_applications_watched_total</c> and
/// <c>argocd_image_updater_images_watched_total</c>; the process's own (<c>process_cpu_seconds_total</c>,
/// <c>process_start_time_seconds</c>, ...) come from prometheus-net.</para>
/// <para><b>Hawser's own.</b> <c>hawser_render_duration_seconds</c>, <c>hawser_render_cache_hits_total</c> and
/// <c>_misses_total</c>, <c>hawser_sync_wave_duration_seconds</c>, <c>hawser_webhook_requests_total</c>.</para>
/// <para><b>Cardinality.</b> Labels name apps, clusters, repositories, kinds and fixed words, never single objects: the
/// series grow with the number of apps and kinds, not with the objects they hold.</para>
/// </summary>
public sealed class HawserMetrics
{
    private static readonly double[] ReconcileBuckets = [0.25, 0.5, 1, 2, 4, 8, 16];
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Gauge _appInfo;
    private readonly Counter _appSync;
    private readonly Histogram _appReconcile;
    private readonly Counter _k8sRequests;
    private readonly Gauge _clusterInfo;
    private readonly Gauge _clusterObjects;
    private readonly Gauge _clusterResources;
    private readonly Counter _clusterEvents;
    private readonly Counter _gitRequests;
    private readonly Histogram _gitDuration;
    private readonly Gauge _queueDepth;
    private readonly Counter _notifications;
    private readonly Histogram _renderDuration;
    private readonly Counter _renderHits;
    private readonly Counter _renderMisses;
    private readonly Histogram _syncStep;
    private readonly Counter _webhooks;
    private readonly Counter _imagesUpdated;
    private readonly Counter _imageErrors;
    private readonly Gauge _appsWatched;
    private readonly Gauge _imagesWatched;

    public HawserMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _appInfo = factory.CreateGauge("argocd_app_info", "Information about application.",
            ["autosync_enabled", "dest_namespace", "dest_server", "health_status", "name", "namespace", "operation", "project", "repo", "sync_status"]);
        _appSync = factory.CreateCounter("argocd_app_sync_total", "Number of application syncs.", ["dest_server", "dry_run", "name", "namespace", "phase", "project"]);
        _appReconcile = factory.CreateHistogram("argocd_app_reconcile", "Application reconciliation performance in seconds.", ["dest_server", "namespace"],
            new HistogramConfiguration { Buckets = ReconcileBuckets });
        _k8sRequests = factory.CreateCounter("argocd_app_k8s_request_total", "Number of Kubernetes requests executed during application reconciliation.",
            ["dry_run", "name", "namespace", "resource_kind", "resource_namespace", "response_code", "server", "verb"]);
        _clusterInfo = factory.CreateGauge("argocd_cluster_info", "Information about cluster.", ["k8s_version", "name", "server"]);
        _clusterObjects = factory.CreateGauge("argocd_cluster_api_resource_objects", "Number of k8s resource objects in the cache.", ["name", "server"]);
        _clusterResources = factory.CreateGauge("argocd_cluster_api_resources", "Number of monitored Kubernetes API resources.", ["name", "server"]);
        _clusterEvents = factory.CreateCounter("argocd_cluster_events_total", "Number of processes k8s resource events.", ["group", "kind", "name", "server"]);
        _gitRequests = factory.CreateCounter("argocd_git_request_total", "Number of git requests performed by repo server", ["repo", "request_type"]);
        _gitDuration = factory.CreateHistogram("argocd_git_request_duration_seconds", "Git requests duration seconds.", ["repo", "request_type"],
            new HistogramConfiguration { Buckets = DurationBuckets });
        _queueDepth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue", ["name"]);
        _notifications = factory.CreateCounter("argocd_notifications_deliveries_total", "Number of delivered notifications.", ["notifier", "succeeded"]);
        _renderDuration = factory.CreateHistogram("hawser_render_duration_seconds", "Time to render an app's manifests (resolving revisions included).", ["cache"],
            new HistogramConfiguration { Buckets = DurationBuckets });
        _renderHits = factory.CreateCounter("hawser_render_cache_hits_total", "Renders answered from the render cache.");
        _renderMisses = factory.CreateCounter("hawser_render_cache_misses_total", "Renders that ran the tools.");
        _syncStep = factory.CreateHistogram("hawser_sync_wave_duration_seconds", "Time of each step of a sync wave: apply, wait for health, or prune.", ["phase", "step"],
            new HistogramConfiguration { Buckets = DurationBuckets });
        _webhooks = factory.CreateCounter("hawser_webhook_requests_total", "Git webhook requests by provider and outcome.", ["provider", "status"]);
        _imagesUpdated = factory.CreateCounter("argocd_image_updater_images_updated_total", "Number of images updated by the image updater.", ["application"]);
        _imageErrors = factory.CreateCounter("argocd_image_updater_images_errors_total", "Number of errors reported by the image updater.", ["application"]);
        _appsWatched = factory.CreateGauge("argocd_image_updater_applications_watched_total", "Number of applications watched by the image updater.");
        _imagesWatched = factory.CreateGauge("argocd_image_updater_images_watched_total", "Number of images watched by the image updater.");
    }

    /// <summary>The registry the server exposes.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Runs <paramref name="snapshot"/> before every scrape, to set the gauges that describe current state.</summary>
    public void OnCollect(Action snapshot) => Registry.AddBeforeCollectCallback(snapshot);

    /// <summary>Replaces every <c>argocd_app_info</c> series with one per app.</summary>
    public void SetApps(IEnumerable<AppInfo> apps)
    {
        var current = apps.Select(a => a.Labels()).ToList();
        var keep = current.Select(l => string.Join('\n', l)).ToHashSet(StringComparer.Ordinal);
        foreach (var labels in _appInfo.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(string.Join('\n', labels))) _appInfo.WithLabels(labels).Remove();
        }
        foreach (var labels in current) _appInfo.WithLabels(labels).Set(1);
    }

    /// <summary>One refresh of an app ended.</summary>
    public void AppReconciled(AppIdentity app, TimeSpan duration) => _appReconcile.WithLabels(app.DestServer, app.Namespace).Observe(duration.TotalSeconds);

    /// <summary>A sync of an app ended with <paramref name="phase"/> (Succeeded, Failed, Error, Terminated).</summary>
    public void AppSynced(AppIdentity app, string phase, bool dryRun) =>
        _appSync.WithLabels(app.DestServer, dryRun ? "true" : "false", app.Name, app.Namespace, phase, app.Project).Inc();

    /// <summary>A request an app's reconciliation sent to a cluster.</summary>
    public void KubernetesRequest(AppIdentity app, string server, string verb, string kind, string resourceNamespace, int responseCode, bool dryRun) =>
        _k8sRequests.WithLabels(dryRun ? "true" : "false", app.Name, app.Namespace, kind, resourceNamespace, responseCode.ToString(System.Globalization.CultureInfo.InvariantCulture), server, verb).Inc();

    /// <summary>Sets a cluster's cache gauges.</summary>
    public void SetCluster(string name, string server, string version, int watchedKinds, long objects)
    {
        _clusterInfo.WithLabels(version, name, server).Set(1);
        _clusterResources.WithLabels(name, server).Set(watchedKinds);
        _clusterObjects.WithLabels(name, server).Set(objects);
    }

    /// <summary>A watch event of a cluster's cache.</summary>
    public void ClusterEvent(string name, string server, string group, string kind) => _clusterEvents.WithLabels(group, kind, name, server).Inc();

    /// <summary>A git request (<c>fetch</c>, <c>ls-remote</c>) to <paramref name="repo"/> (a URL without credentials).</summary>
    public void GitRequest(string repo, string requestType, TimeSpan duration)
    {
        _gitRequests.WithLabels(repo, requestType).Inc();
        _gitDuration.WithLabels(repo, requestType).Observe(duration.TotalSeconds);
    }

    /// <summary>Sets a work queue's depth (Argo CD's names: <c>app_reconciliation_queue</c>, <c>app_operation_processing_queue</c>).</summary>
    public void SetQueueDepth(string queue, int depth) => _queueDepth.WithLabels(queue).Set(depth);

    /// <summary>An app was rendered; <paramref name="cacheHit"/> when the render cache answered.</summary>
    public void Rendered(TimeSpan duration, bool cacheHit)
    {
        _renderDuration.WithLabels(cacheHit ? "hit" : "miss").Observe(duration.TotalSeconds);
        (cacheHit ? _renderHits : _renderMisses).Inc();
    }

    /// <summary>One step of a sync wave ended (<paramref name="step"/>: <c>apply</c>, <c>wait</c>, <c>prune</c>).</summary>
    public void SyncStep(string phase, string step, TimeSpan duration) => _syncStep.WithLabels(phase, step).Observe(duration.TotalSeconds);

    /// <summary>A webhook request ended.</summary>
    public void Webhook(string provider, string status) => _webhooks.WithLabels(provider, status).Inc();

    /// <summary>Image update automation wrote new versions of <paramref name="images"/> images of an app.</summary>
    public void ImagesUpdated(string app, int images) => _imagesUpdated.WithLabels(app).Inc(images);

    /// <summary>Image update automation failed for <paramref name="images"/> images (or the whole app) of an app.</summary>
    public void ImageErrors(string app, int images) => _imageErrors.WithLabels(app).Inc(images);

    /// <summary>How many apps and images image update automation tracks.</summary>
    public void SetImagesWatched(int apps, int images)
    {
        _appsWatched.Set(apps);
        _imagesWatched.Set(images);
    }

    /// <summary>
    /// The notification counter hook: <paramref name="counts"/> is read at every scrape and exposed as
    /// <c>argocd_notifications_deliveries_total{notifier, succeeded}</c> (counts only grow).
    /// </summary>
    public void BindNotifications(Func<IReadOnlyList<(string Service, long Delivered, long Failed)>> counts) => OnCollect(() =>
    {
        foreach (var (service, delivered, failed) in counts())
        {
            _notifications.WithLabels(service, "true").IncTo(delivered);
            _notifications.WithLabels(service, "false").IncTo(failed);
        }
    });
}

/// <summary>The labels that identify an app in Argo CD's metrics.</summary>
/// <param name="Name">The app's name.</param>
/// <param name="Namespace">Its namespace (<c>argocd</c> for an app declared without one, as Argo CD's control namespace).</param>
/// <param name="Project">Its AppProject.</param>
/// <param name="DestServer">Its destination's server URL (or cluster name when it names one).</param>
public sealed record AppIdentity(string Name, string Namespace, string Project, string DestServer)
{
    /// <summary>The identity of an Application.</summary>
    public static AppIdentity Of(Apps.Application app) => new(app.Name,
        app.Metadata.Namespace.Length > 0 ? app.Metadata.Namespace : "argocd", app.Spec.Project,
        app.Spec.Destination.Server ?? app.Spec.Destination.Name ?? "");
}

/// <summary>One <c>argocd_app_info</c> series.</summary>
public sealed record AppInfo(AppIdentity App, string Repo, string DestNamespace, string SyncStatus, string HealthStatus, string Operation, bool AutoSync)
{
    internal string[] Labels() => [AutoSync ? "true" : "false", DestNamespace, App.DestServer, HealthStatus, App.Name, App.Namespace, Operation, App.Project, Repo, SyncStatus];
}
