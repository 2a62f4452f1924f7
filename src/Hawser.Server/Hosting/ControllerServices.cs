using Hawser.Apps;
using Hawser.Controller;
using Hawser.Health;
using Hawser.ImageAutomation;
using Hawser.Images;
using Hawser.Notifications;
using Hawser.Observability;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.Sources;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;

namespace Hawser.Server.Hosting;

/// <summary>The core stages the server wires together: state store, sources, renderer, clusters, health and the controller.</summary>
internal sealed class ControllerServices : IAsyncDisposable
{
    private ControllerServices(IStateStore store, ClusterConnector clusters, AppController controller, AppRenderer renderer, GitSource git, HelmChartSource charts,
        NotificationController? notifications, HawserMetrics metrics, ImageUpdateController? images, RegistryAccess registries)
    {
        Images = images;
        _registries = registries;
        Metrics = metrics;
        Git = git;
        Charts = charts;
        Renderer = renderer;
        Store = store;
        Clusters = clusters;
        Controller = controller;
        Notifications = notifications;
    }

    private readonly RegistryAccess _registries;

    public IStateStore Store { get; }

    public ClusterConnector Clusters { get; }

    /// <summary>The renderer (and through it the Git sources) the controller uses.</summary>
    public AppRenderer Renderer { get; }

    /// <summary>The Git source the renderer fetches with.</summary>
    public GitSource Git { get; }

    /// <summary>The Helm chart source the renderer pulls charts with.</summary>
    public HelmChartSource Charts { get; }

    public AppController Controller { get; }

    /// <summary>The metrics every stage reports to (exposed at <c>/metrics</c>).</summary>
    public HawserMetrics Metrics { get; }

    /// <summary>Notifications, when argocd-notifications-cm defines a service.</summary>
    public NotificationController? Notifications { get; }

    /// <summary>Image update automation, unless <see cref="ServerOptions.ImageUpdateInterval"/> is zero.</summary>
    public ImageUpdateController? Images { get; }

    public static async Task<ControllerServices> CreateAsync(ServerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var data = options.DataDirectory;
        var store = await StateStores.OpenSqliteAsync(data, TimeProvider.System, cancellationToken, loggerFactory.CreateLogger("Hawser.State"));
        var metrics = new HawserMetrics();
        var overrides = await StoredParameterOverrides.LoadAsync(store.ParameterOverrides, TimeProvider.System, cancellationToken);
        var git = new GitSource(new GitSourceOptions(Path.Combine(data, "cache", "git")) { Metrics = metrics }, loggerFactory.CreateLogger<GitSource>());
        var charts = new HelmChartSource(new HelmChartSourceOptions(Path.Combine(data, "cache", "charts")), loggerFactory.CreateLogger<HelmChartSource>());
        var rendererOptions = new AppRendererOptions(Path.Combine(data, "scratch"))
        {
            RepositoryOverrides = options.RepositoryOverrides,
            PluginsPath = options.PluginsPath,
            // Relaxed kustomize loading is the operator's decision: argocd-cm's kustomize.buildOptions and the command line.
            AllowedKustomizeBuildOptions = [.. options.Settings.Config.Kustomize.BuildOptions, .. options.AllowedKustomizeBuildOptions],
            KustomizeBuildOptions = options.Settings.Config.Kustomize.BuildOptions,
            // The controller polls every repository itself and re-resolves on request: renders reuse its answer meanwhile.
            RevisionCacheDuration = options.Controller.RepoPollInterval,
            Credentials = options.Settings.Repositories.CredentialsFor,
            ParameterOverrides = overrides.Get,
        };
        var renderer = new AppRenderer(rendererOptions, git, charts, new RenderCache(directory: Path.Combine(data, "cache", "renders")),
            logger: loggerFactory.CreateLogger<AppRenderer>());
        var clusters = new ClusterConnector(options.Kubeconfig, options.Context, loggerFactory, options.ClientOptions, options.Settings.Clusters);
        var catalog = new AppCatalog(options.Roots, store);
        // Health is read from the live-state cache, so waiting on a wave can look often at no cost to the cluster.
        var engine = new SyncEngineSettings(PollInterval: TimeSpan.FromMilliseconds(250), options.HealthTimeout) { Metrics = metrics };
        var controller = new AppController(options.Controller, catalog, renderer, clusters, store, HealthAssessor.Create(CustomHealthChecks.From([.. options.Settings.Config.HealthChecks.Checks, .. options.ExtraHealthChecks?.Checks ?? []])), TimeProvider.System,
            loggerFactory, engine, metrics, options.Settings.Config);
        var notifications = NotificationsFor(options, controller, store, git, loggerFactory);
        if (notifications is not null) metrics.BindNotifications(notifications.Counters.Snapshot);
        var registries = new RegistryAccess(options.Settings.ImageUpdater.Registries);
        var images = ImagesFor(options, controller, overrides, store, clusters, registries, metrics, loggerFactory);
        return new ControllerServices(store, clusters, controller, renderer, git, charts, notifications, metrics, images, registries);
    }

    // Registries from argocd-image-updater-config's registries.conf; Secrets named by annotations are read from the in-cluster destination.
    private static ImageUpdateController? ImagesFor(ServerOptions options, AppController controller, StoredParameterOverrides overrides, IStateStore store,
        ClusterConnector clusters, RegistryAccess registries, HawserMetrics metrics, ILoggerFactory loggerFactory)
    {
        if (options.ImageUpdateInterval <= TimeSpan.Zero) return null;
        var updaterOptions = new ImageUpdaterOptions(Path.Combine(options.DataDirectory, "scratch"))
        {
            RepositoryCredentials = options.Settings.Repositories.CredentialsFor,
            // Fresh tags at every pass, shared by the apps of one pass.
            TagCacheDuration = options.ImageUpdateInterval / 2,
        };
        if (options.Settings.ImageUpdater.Author is { } author) updaterOptions = updaterOptions with { Author = author };
        var secrets = new KubernetesSecretReader(() => clusters.Connect(new ApplicationDestination(ClusterConnector.InClusterServer, null, "")).Client);
        var updater = new ImageUpdater(registries, updaterOptions, secrets);
        return new ImageUpdateController(new ImageAutomationOptions(options.ImageUpdateInterval), updater, controller, overrides, store.Audit, TimeProvider.System,
            loggerFactory.CreateLogger<ImageUpdateController>(), metrics);
    }

    // argocd-notifications-cm is read once (a bad value stops the start with every problem listed).
    private static NotificationController? NotificationsFor(ServerOptions options, AppController controller, IStateStore store, GitSource git, ILoggerFactory loggerFactory)
    {
        var config = NotificationConfigReader.Read(options.Settings);
        new SettingsWarningLog(loggerFactory.CreateLogger("Hawser.Settings")).Report(config.Warnings);
        if (config.Services.Count == 0) return null;
        var engine = new NotificationEngine(config, TimeProvider.System, loggerFactory.CreateLogger<NotificationEngine>(), options.NotificationDelivery,
            new GitCommitMetadata(git, options.Settings.Repositories.CredentialsFor));
        return new NotificationController(engine, controller, store, new StoredAppProjects(store), TimeProvider.System, loggerFactory.CreateLogger<NotificationController>());
    }

    public async ValueTask DisposeAsync()
    {
        if (Images is not null) await Images.DisposeAsync();
        if (Notifications is not null) await Notifications.DisposeAsync();
        await Controller.DisposeAsync();
        _registries.Dispose();
        Clusters.Dispose();
        Charts.Dispose();
        await Store.DisposeAsync();
    }
}
