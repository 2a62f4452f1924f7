using Hawser.Sources;

namespace Hawser.Rendering;

/// <summary>Settings of an <see cref="AppRenderer"/>.</summary>
/// <param name="ScratchDirectory">Where private copies and temp files go (one sub-directory per render, deleted afterwards).</param>
public sealed record AppRendererOptions(string ScratchDirectory)
{
    /// <summary>
    /// Repository URLs rendered from a local directory instead of Git, e.g. the config repo's own URL mapped to a checkout
    /// (<c>--repo-override URL=PATH</c>). Such sources are read from the directory as it is and never cached.
    /// </summary>
    public IReadOnlyDictionary<string, string> RepositoryOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Repository URLs read from another Git repository at one commit, whatever revision a source or generator asks for: e.g. a
    /// config repo's URL mapped to its local clone at the revision being linted or previewed. Unlike overrides, such sources
    /// are cached by commit (see <see cref="RepositoryPin"/>).
    /// </summary>
    public IReadOnlyDictionary<string, RepositoryPin> RepositoryPins { get; init; } = new Dictionary<string, RepositoryPin>();

    /// <summary>How long a branch or tag stays resolved to the same commit (Argo CD's revision cache is 3 minutes). Zero asks Git every time.</summary>
    public TimeSpan RevisionCacheDuration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The helm executable.</summary>
    public string HelmPath { get; init; } = "helm";

    /// <summary>A standalone kustomize; when null, one on PATH is used, else <c>kubectl kustomize</c>.</summary>
    public string? KustomizePath { get; init; } = ToolSet.FindOnPath("kustomize");

    /// <summary>The kubectl executable (for <c>kubectl kustomize</c>).</summary>
    public string KubectlPath { get; init; } = "kubectl";

    /// <summary>The jsonnet executable (Debian package <c>jsonnet</c>).</summary>
    public string JsonnetPath { get; init; } = "jsonnet";

    /// <summary>The Kubernetes version given to Jsonnet and plugins as <c>KUBE_VERSION</c> (empty when unknown).</summary>
    public string? KubeVersion { get; init; }

    /// <summary>The API versions given to Jsonnet and plugins as <c>KUBE_API_VERSIONS</c>.</summary>
    public IReadOnlyList<string> KubeApiVersions { get; init; } = [];

    /// <summary>
    /// A <c>plugin.yaml</c> or a directory of them (or of ConfigMaps holding them) declaring config management plugins
    /// (<c>--plugins</c>); none when null.
    /// </summary>
    public string? PluginsPath { get; init; }

    /// <summary>Limit for one plugin command (Argo CD's <c>ARGOCD_EXEC_TIMEOUT</c>, 90 seconds by default).</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Limit for one tool run.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Key the render cache by the content of the files an app reads (<see cref="RenderInputs"/>) instead of the Git commit, so an
    /// app whose inputs did not change between two commits is a cache hit (the files are checked out to be hashed, no tool runs).
    /// Apps whose inputs cannot be known from the files (plugins, Jsonnet) stay keyed by commit.
    /// </summary>
    public bool KeyByContent { get; init; }

    /// <summary>
    /// The operator's <c>kustomize build</c> options (argocd-cm <c>kustomize.buildOptions</c>). When set they apply to every
    /// Kustomize source, in place of an Application's own <c>hawser.io/kustomize-build-options</c>, as in Argo CD where
    /// build options are a server setting.
    /// </summary>
    public IReadOnlyList<string> KustomizeBuildOptions { get; init; } = [];

    /// <summary>Credentials for a repository URL (Git or Helm), or null for anonymous access.</summary>
    public Func<string, RepositoryCredentials?> Credentials { get; init; } = _ => null;

    /// <summary>
    /// Kustomize build options that relax loading (<c>--load-restrictor LoadRestrictionsNone</c>, <c>--enable-alpha-plugins</c>)
    /// which apps may use: the operator's decision, filled from <c>argocd-cm</c>'s <c>kustomize.buildOptions</c> (its parsed
    /// arguments can be given as they are) or the CLI's <c>--allow-kustomize-build-option</c>. Empty by default: an app asking
    /// for one fails to render (<see cref="KustomizeLoadPolicy"/>).
    /// </summary>
    public IReadOnlyCollection<string> AllowedKustomizeBuildOptions { get; init; } = [];

    /// <summary>
    /// Parameter overrides an app has outside Git (image update automation's <c>argocd</c> write-back), by app name; null
    /// when it has none. Applied before the app directory's <c>.argocd-source*.yaml</c> files, and part of the render cache key.
    /// </summary>
    public Func<string, SourceParameterOverride?> ParameterOverrides { get; init; } = _ => null;

    /// <summary>How many apps <see cref="AppRenderer.RenderManyAsync"/> renders at once (tools wait on I/O too, so twice the cores, at least 4).</summary>
    public int MaxParallelism { get; init; } = Math.Max(4, 2 * Environment.ProcessorCount);
}

/// <summary>
/// A repository URL read from <paramref name="Repository"/> (a Git URL or local Git repository) at <paramref name="Commit"/>, or,
/// without a commit, from the local directory <paramref name="Repository"/> as it is (a work tree being linted: not cached,
/// and its uncommitted changes are the point, not a warning).
/// </summary>
/// <param name="Repository">Where the commit is fetched from, or the directory read as it is.</param>
/// <param name="Commit">The full commit SHA every revision of the URL resolves to; null for the directory as it is.</param>
public sealed record RepositoryPin(string Repository, string? Commit);
