using Hawser.Controller;

namespace Hawser.Server;

/// <summary>How <c>hawser server</c> was started.</summary>
/// <param name="Listen">Address and port of the HTTP endpoint, e.g. <c>127.0.0.1:8080</c> (port 0: any free port).</param>
/// <param name="DataDirectory">State database, caches and the server's address file.</param>
/// <param name="Roots">Where the root Applications come from.</param>
/// <param name="Kubeconfig">The kubeconfig of the in-cluster destination (null: <c>KUBECONFIG</c> or <c>~/.kube/config</c>).</param>
/// <param name="Context">Its context (null: the current one).</param>
/// <param name="Controller">The reconcile loop's tunables.</param>
public sealed record ServerOptions(
    string Listen,
    string DataDirectory,
    IReadOnlyList<RootSource> Roots,
    string? Kubeconfig,
    string? Context,
    ControllerOptions Controller)
{
    /// <summary>Repository URLs rendered from a local directory instead of Git (<c>--repo-override URL=PATH</c>).</summary>
    public IReadOnlyDictionary<string, string> RepositoryOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Argo CD's settings objects (accounts in argocd-cm, RBAC in argocd-rbac-cm, the signing key in argocd-secret).</summary>
    public Hawser.Settings.HawserSettings Settings { get; init; } = Hawser.Settings.HawserSettings.Default;

    /// <summary>Login lockout, session lifetime and password hashing cost.</summary>
    public Hawser.Auth.LoginPolicy Login { get; init; } = Hawser.Auth.LoginPolicy.Default;

    /// <summary>Kustomize build options that relax loading which apps may use (<c>--allow-kustomize-build-option</c>), besides
    /// argocd-cm's <c>kustomize.buildOptions</c>.</summary>
    public IReadOnlyList<string> AllowedKustomizeBuildOptions { get; init; } = [];

    /// <summary>How notification deliveries are retried.</summary>
    public Hawser.Notifications.DeliveryPolicy NotificationDelivery { get; init; } = Hawser.Notifications.DeliveryPolicy.Default;

    /// <summary>The web UI's built files (<c>--ui-dir</c>); null: <c>wwwroot</c> beside the binary, else <c>ui/dist</c> above it.</summary>
    public string? UiDirectory { get; init; }

    /// <summary>The config management plugins' definitions (<c>--plugins</c>), or null.</summary>
    public string? PluginsPath { get; init; }

    /// <summary>Health checks beside argocd-cm's (<c>--health-checks</c>); they win for the same kind.</summary>
    public Hawser.Health.CustomHealthChecks? ExtraHealthChecks { get; init; }

    /// <summary>Client-side rate limits on API requests to each cluster (<c>--qps</c>, <c>--burst</c>).</summary>
    public Hawser.Kubernetes.KubernetesClientOptions? ClientOptions { get; init; }

    /// <summary>How often image update automation looks for new image versions (<c>--image-update-interval</c>, Image
    /// Updater's 2 minutes); zero turns it off.</summary>
    public TimeSpan ImageUpdateInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long audit entries are kept (<c>--audit-retention</c>, default 90 days; zero keeps them forever).</summary>
    public TimeSpan AuditRetention { get; init; } = DefaultAuditRetention;

    /// <summary>The default audit retention: 90 days.</summary>
    public static TimeSpan DefaultAuditRetention { get; } = TimeSpan.FromDays(90);

    /// <summary>How long one sync wave may take to become healthy.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
