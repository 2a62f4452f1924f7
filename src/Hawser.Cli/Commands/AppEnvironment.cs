using Hawser.Apps;
using Hawser.Health;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.State;
using Microsoft.Extensions.Logging;

namespace Hawser.Cli.Commands;

/// <summary>
/// Everything an <c>app</c> verb needs, built from the common options: the data directory (state store, Git and chart
/// caches), the target cluster (<c>--kubeconfig</c>/<c>--context</c>, or <c>--sandbox</c>), and repository overrides.
/// </summary>
internal sealed class AppEnvironment : IAsyncDisposable
{
    private AppEnvironment(AppService service, IStateStore store, ClusterConnector clusters, string dataDirectory)
    {
        Service = service;
        Store = store;
        Clusters = clusters;
        DataDirectory = dataDirectory;
    }

    public AppService Service { get; }
    public IStateStore Store { get; }
    public ClusterConnector Clusters { get; }
    public string DataDirectory { get; }

    /// <summary>The default data directory: <c>$HAWSER_DATA_DIR</c>, else <c>~/.hawser</c>.</summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("HAWSER_DATA_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hawser");

    public static async Task<AppEnvironment> OpenAsync(AppOptions.Values options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DefaultDataDirectory);
        try
        {
            PrivateFiles.CreateDirectory(dataDirectory);
        }
        catch (IOException e)
        {
            throw new UsageException($"--data-dir: {e.Message}");
        }
        var kubeconfig = options.Kubeconfig;
        var context = options.Context;
        if (options.Sandbox)
        {
            kubeconfig = SandboxCommand.RunningKubeconfig(options.SandboxDirectory)
                ?? throw new InvalidOperationException("the sandbox is not running; start it with 'hawser sandbox start'");
            context = null;
        }

        var settings = await SettingsOptions.LoadAsync(options.SettingsDirectory, options.SettingsAllowExec, cancellationToken);
        var store = await StateStores.OpenSqliteAsync(dataDirectory, TimeProvider.System, cancellationToken, loggerFactory.CreateLogger("Hawser.State"));
        var git = new GitSource(new GitSourceOptions(Path.Combine(dataDirectory, "cache", "git")), loggerFactory.CreateLogger<GitSource>());
        var charts = new HelmChartSource(new HelmChartSourceOptions(Path.Combine(dataDirectory, "cache", "charts")), loggerFactory.CreateLogger<HelmChartSource>());
        var rendererOptions = new AppRendererOptions(Path.Combine(dataDirectory, "scratch"))
        {
            RepositoryOverrides = options.RepositoryOverrides,
            AllowedKustomizeBuildOptions = [.. options.AllowedKustomizeBuildOptions, .. settings.Config.Kustomize.BuildOptions],
            KustomizeBuildOptions = settings.Config.Kustomize.BuildOptions,
            Credentials = settings.Repositories.CredentialsFor,
        };
        var renderer = new AppRenderer(rendererOptions, git, charts, new RenderCache(directory: Path.Combine(dataDirectory, "cache", "renders")),
            logger: loggerFactory.CreateLogger<AppRenderer>());
        var clusters = new ClusterConnector(kubeconfig, context, loggerFactory, new Kubernetes.KubernetesClientOptions(Qps: options.Qps, Burst: options.Burst), settings.Clusters);
        var checks = options.HealthChecksFile is null ? null : await CustomHealthChecks.LoadFileAsync(options.HealthChecksFile, cancellationToken);
        AppOutput.Warnings(checks?.Problems.Select(p => $"{options.HealthChecksFile}: {p}") ?? []);
        // argocd-cm's health customizations, then the --health-checks file's, which win for the same kind.
        var health = HealthAssessor.Create(CustomHealthChecks.From([.. settings.Config.HealthChecks.Checks, .. checks?.Checks ?? []]));
        var service = new AppService(renderer, clusters, store, health, TimeProvider.System, loggerFactory, settings: settings);
        return new AppEnvironment(service, store, clusters, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Clusters.Dispose();
        await Store.DisposeAsync();
    }
}
