using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Hawser.Apps;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Rendering;

/// <summary>
/// Renders Applications: resolves each source's revision (remembered for <see cref="AppRendererOptions.RevisionCacheDuration"/>),
/// looks the render up in the <see cref="RenderCache"/>, and on a miss checks the files out (Git work tree, pulled chart, or local
/// directory), checks the repository for escaping symbolic links, renders every source that is not a ref-only source with the
/// renderer Argo CD would choose, and concatenates the objects in source order.
/// </summary>
public sealed partial class AppRenderer
{
    private readonly AppRendererOptions _options;
    private readonly IGitSource? _git;
    private readonly IHelmChartSource? _charts;
    private readonly RenderCache? _cache;
    private readonly ToolSet _tools;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Repo, string Revision), (string Resolved, DateTimeOffset Expires)> _revisions = new();
    private readonly UrlCredentialMemory _urlCredentials = new();
    private readonly ConcurrentDictionary<string, bool> _checkedTrees = new(StringComparer.Ordinal);
    private readonly Lazy<Task<PluginCatalog>> _plugins;
    private readonly ConcurrentDictionary<(string Repo, string Revision), Lazy<Task<string>>> _resolving = new();

    public AppRenderer(
        AppRendererOptions options,
        IGitSource? git = null,
        IHelmChartSource? charts = null,
        RenderCache? cache = null,
        IToolRunner? tools = null,
        TimeProvider? time = null,
        ILogger<AppRenderer>? logger = null)
    {
        _options = options;
        _git = git;
        _charts = charts;
        _cache = cache;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _tools = new ToolSet(tools ?? ProcessToolRunner.Instance, options.HelmPath, options.KustomizePath, options.KubectlPath, options.JsonnetPath,
            Path.Combine(options.ScratchDirectory, "helm-home"), options.ToolTimeout);
        _plugins = new Lazy<Task<PluginCatalog>>(() => options.PluginsPath is { } path
            ? ConfigManagementPluginReader.LoadAsync(path, CancellationToken.None)
            : Task.FromResult(PluginCatalog.Empty));
    }

    /// <summary>The declared config management plugins (read once from <see cref="AppRendererOptions.PluginsPath"/>).</summary>
    /// <exception cref="PluginConfigException">The plugin definitions are invalid.</exception>
    public Task<PluginCatalog> PluginsAsync() => _plugins.Value;

    /// <summary>Renders one Application. Throws <see cref="RenderException"/> (or the source's exception) with a message naming the failure.</summary>
    public Task<AppRenderResult> RenderAsync(Application app, CancellationToken cancellationToken) => RenderAsync(app, null, cancellationToken);

    /// <summary>
    /// Renders one Application for its destination cluster: <paramref name="cluster"/>'s version and API versions become
    /// <c>KUBE_VERSION</c> and <c>KUBE_API_VERSIONS</c> (instead of <see cref="AppRendererOptions.KubeVersion"/> and
    /// <see cref="AppRendererOptions.KubeApiVersions"/>) and part of the render cache key.
    /// </summary>
    public async Task<AppRenderResult> RenderAsync(Application app, ServerCapabilities? cluster, CancellationToken cancellationToken)
    {
        var kubeVersion = cluster is { KubeVersion.Length: > 0 } ? cluster.KubeVersion : _options.KubeVersion ?? "";
        var apiVersions = cluster is { ApiVersions.Count: > 0 } ? cluster.ApiVersions : _options.KubeApiVersions;
        var stopwatch = Stopwatch.StartNew();
        var places = app.Spec.Sources.Select(s => RepositoryLocator.Locate(s.RepoUrl, s.IsChart, _options.RepositoryOverrides, _git is not null, _options.RepositoryPins)).ToList();
        // The operator's build options are part of each source, so they are part of the render cache key too.
        var sources = app.Spec.Sources
            .Select(s => s with { RepoUrl = _urlCredentials.Recall(s.RepoUrl) })
            .Select(s => _options.KustomizeBuildOptions.Count == 0 ? s : s with { KustomizeBuildOptions = _options.KustomizeBuildOptions })
            .ToList();
        var parameterOverride = _options.ParameterOverrides(app.Name);
        var overridden = sources.FindIndex(s => !s.IsRefOnly);
        var revisions = new string[sources.Count];
        var localWarnings = new List<string>();
        var resolved = new ResolvedSource[sources.Count];
        var cacheable = _cache is not null;
        for (var i = 0; i < sources.Count; i++)
        {
            var (kind, location) = places[i];
            var source = sources[i];
            switch (kind)
            {
                case RepositoryKind.Local:
                    // A work tree pinned as it is (being linted) is read without its commit: its changes are what is asked for.
                    var head = RepositoryLocator.Pinned(source.RepoUrl, _options.RepositoryPins) is null ? await LocalWorkTree.HeadAsync(location, cancellationToken) : null;
                    if (head is not null && _git is not null && FullSha().IsMatch(source.TargetRevision) && !head.Value.Commit.Equals(source.TargetRevision, StringComparison.OrdinalIgnoreCase))
                    {
                        // A pinned commit of a local work tree (a rollback of a sync from it): render that commit from its repository.
                        places[i] = (RepositoryKind.Git, location);
                        revisions[i] = source.TargetRevision.ToLowerInvariant();
                        resolved[i] = new ResolvedSource(source.RepoUrl, source.TargetRevision, revisions[i], null);
                        break;
                    }
                    cacheable = false;
                    revisions[i] = head?.Commit ?? "local:" + location;
                    resolved[i] = new ResolvedSource(Redaction.DisplayUrl(source.RepoUrl), source.TargetRevision, head?.Commit, location);
                    if (head is { Dirty: true })
                        localWarnings.Add($"{Redaction.DisplayUrl(source.RepoUrl)}: {location} has uncommitted changes; they are rendered, but history records commit {head.Value.Commit} without them");
                    break;
                case RepositoryKind.Chart:
                    revisions[i] = await ResolveChartAsync(source, cancellationToken);
                    resolved[i] = new ResolvedSource(Redaction.DisplayUrl(source.RepoUrl), source.TargetRevision, revisions[i], null);
                    break;
                default:
                    revisions[i] = RepositoryLocator.Pinned(source.RepoUrl, _options.RepositoryPins)?.Commit ?? await ResolveCommitAsync(source, cancellationToken);
                    resolved[i] = new ResolvedSource(Redaction.DisplayUrl(source.RepoUrl), source.TargetRevision, revisions[i], null);
                    break;
            }
        }

        RenderCacheKey? key = null;
        string[]? roots = null;
        Dictionary<string, string>? refRoots = null;
        if (cacheable)
        {
            var plugins = await CatalogAsync();
            var tools = await _tools.VersionsAsync(cancellationToken) + (plugins.Plugins.Count > 0 ? "; plugins " + plugins.Fingerprint : "")
                + $"; kube {kubeVersion} {string.Join(',', apiVersions)}"
                + (parameterOverride is null ? "" : "; overrides " + parameterOverride.Fingerprint);
            IReadOnlyList<ApplicationSource> keySources = sources;
            IReadOnlyList<string> keyRevisions = revisions;
            if (_options.KeyByContent)
            {
                // The files decide the key, not the commit: check them out first (a render on a miss uses the same trees).
                (roots, refRoots) = await MaterializeAllAsync(sources, places, revisions, cancellationToken);
                if (RenderInputs.Fingerprint(sources, roots, refRoots, plugins.Plugins.Count > 0) is { } inputs)
                {
                    var byContent = places.Select(p => p.Kind == RepositoryKind.Git).ToList();
                    keySources = sources.Select((s, i) => byContent[i] ? s with { TargetRevision = "" } : s).ToList();
                    keyRevisions = revisions.Select((r, i) => byContent[i] ? "content" : r).ToList();
                    tools += "; inputs " + inputs;
                }
            }
            key = RenderCacheKey.Compute(app.Name, app.Spec.Destination.Namespace, keySources, keyRevisions, tools);
            if (_cache!.TryGet(key.Value, out var hit))
            {
                RenderLog.CacheHit(_logger, app.Name, key.Value.Value);
                return new AppRenderResult(app.Name, hit.Objects, hit.Warnings, resolved, FromCache: true);
            }
        }
        if (roots is null || refRoots is null) (roots, refRoots) = await MaterializeAllAsync(sources, places, revisions, cancellationToken);

        var scratch = Path.Combine(_options.ScratchDirectory, $"render-{SafeName(app.Name)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        var objects = new List<KubeObject>();
        var warnings = new List<string>(localWarnings);
        try
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i].IsRefOnly) continue;
                var sourceScratch = Path.Combine(scratch, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(sourceScratch);
                var build = BuildEnvironment.For(app.Name, app.Spec.Destination.Namespace, app.Spec.Project, sources[i], resolved[i].Revision ?? "", kubeVersion, apiVersions);
                var rendered = await RenderSourceAsync(app, sources[i], i == overridden ? parameterOverride : null, roots[i], refRoots, sourceScratch, i, build, cancellationToken);
                objects.AddRange(rendered.Objects);
                warnings.AddRange(rendered.Warnings);
            }
        }
        catch (RenderException e)
        {
            RenderLog.Failed(_logger, app.Name, e.Message);
            throw;
        }
        finally
        {
            TryDelete(scratch);
        }

        var result = new RenderedManifests(objects, warnings);
        if (key is not null) _cache!.Set(key.Value, result);
        RenderLog.Rendered(_logger, app.Name, objects.Count, stopwatch.ElapsedMilliseconds);
        return new AppRenderResult(app.Name, objects, warnings, resolved, FromCache: false);
    }

    /// <summary>Renders many apps at once (up to <see cref="AppRendererOptions.MaxParallelism"/>); results in input order, failures captured per app.</summary>
    public async Task<IReadOnlyList<AppRenderOutcome>> RenderManyAsync(IReadOnlyList<Application> apps, CancellationToken cancellationToken)
    {
        var outcomes = new AppRenderOutcome[apps.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, apps.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    outcomes[i] = new AppRenderOutcome(apps[i], await RenderAsync(apps[i], ct), null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    outcomes[i] = new AppRenderOutcome(apps[i], null, e.Message);
                }
            });
        return outcomes;
    }

    /// <summary>
    /// The files of <paramref name="repoUrl"/> at <paramref name="revision"/>, found the way an Application's source is (repository
    /// overrides, local directories, Git with the configured credentials and revision cache), for ApplicationSet git generators.
    /// </summary>
    public async Task<RepositorySnapshot> OpenRepositoryAsync(string repoUrl, string revision, CancellationToken cancellationToken)
    {
        var (kind, location) = RepositoryLocator.Locate(repoUrl, false, _options.RepositoryOverrides, _git is not null, _options.RepositoryPins);
        var source = new ApplicationSource(repoUrl, ".", revision, null, null, null, null, null, null);
        if (kind == RepositoryKind.Local)
        {
            var root = await MaterializeAsync(source, kind, location, "", cancellationToken);
            PathGuard.CheckSymlinks(root, root);
            return new RepositorySnapshot(repoUrl, "local:" + root, root);
        }
        var commit = RepositoryLocator.Pinned(repoUrl, _options.RepositoryPins)?.Commit ?? await ResolveCommitAsync(source, cancellationToken);
        var tree = await MaterializeAsync(source, kind, location, commit, cancellationToken);
        if (_checkedTrees.TryAdd(tree, true)) PathGuard.CheckSymlinks(tree, tree);
        return new RepositorySnapshot(repoUrl, commit, tree);
    }

    /// <summary>Keeps the credentials of <paramref name="repoUrl"/> in memory (never on disk), for a later render of an app
    /// whose stored declaration holds the URL without them (a child app registered by its parent).</summary>
    public void RememberCredentials(string repoUrl) => _urlCredentials.Recall(repoUrl);

    /// <summary>Forgets remembered branch/tag resolutions for a repository (e.g. on a Git webhook), or all of them.</summary>
    public void InvalidateRevisions(string? repoUrl = null)
    {
        foreach (var key in _revisions.Keys)
        {
            if (repoUrl is null || key.Repo == Redaction.DisplayUrl(repoUrl)) _revisions.TryRemove(key, out _);
        }
    }

    private async Task<RenderedManifests> RenderSourceAsync(
        Application app, ApplicationSource source, SourceParameterOverride? parameterOverride, string root, IReadOnlyDictionary<string, string> refRoots,
        string scratch, int index, IReadOnlyDictionary<string, string> build, CancellationToken cancellationToken)
    {
        var appPath = source.IsChart ? "." : source.Path ?? ".";
        var what = app.Spec.IsMultiSource ? $"spec.sources[{index}].path" : "spec.source.path";
        var directory = PathGuard.Resolve(root, root, appPath, what);
        if (!Directory.Exists(directory))
            throw new RenderException($"{what} \"{appPath}\": no such directory in {Redaction.DisplayUrl(source.RepoUrl)}");
        // Overrides kept by Hawser first, then the directory's .argocd-source files, as Argo CD applies the Application's
        // fields (where Image Updater's argocd write-back puts them) and then the files.
        if (parameterOverride is not null) source = parameterOverride.ApplyTo(source, RendererChoice.Choose(source, directory));
        IReadOnlyList<string> overrideWarnings = [];
        if (!source.IsChart) (source, overrideWarnings) = await ParameterOverrideFiles.ApplyAsync(source, directory, appPath, app.Name, app.Spec.IsMultiSource, cancellationToken);
        var result = await RenderToolAsync(app, source, root, appPath, directory, refRoots, scratch, index, build, cancellationToken);
        return overrideWarnings.Count == 0 ? result : result with { Warnings = [.. overrideWarnings, .. result.Warnings] };
    }

    private async Task<RenderedManifests> RenderToolAsync(
        Application app, ApplicationSource source, string root, string appPath, string directory, IReadOnlyDictionary<string, string> refRoots, string scratch,
        int index, IReadOnlyDictionary<string, string> build, CancellationToken cancellationToken)
    {
        var context = new SourceContext(root, appPath, directory, app.Name, app.Spec.Destination.Namespace, source, refRoots, scratch, build);
        if (RendererChoice.MayUsePlugin(source))
        {
            var rendered = await PluginRenderer.TryRenderAsync(context, await CatalogAsync(), _tools, _options.PluginTimeout, cancellationToken);
            if (rendered is not null)
            {
                RenderLog.RenderingSource(_logger, app.Name, index, Redaction.DisplayUrl(source.RepoUrl), appPath, RendererKind.Plugin);
                return rendered;
            }
        }
        var kind = RendererChoice.Choose(source, directory);
        RenderLog.RenderingSource(_logger, app.Name, index, Redaction.DisplayUrl(source.RepoUrl), appPath, kind);
        return kind switch
        {
            RendererKind.Helm => await HelmRenderer.RenderAsync(context, _tools, cancellationToken),
            RendererKind.Kustomize => await KustomizeRenderer.RenderAsync(context, _tools, [.. _options.AllowedKustomizeBuildOptions, .. _options.KustomizeBuildOptions], cancellationToken),
            _ => await DirectoryRenderer.RenderAsync(context, _tools, cancellationToken),
        };
    }

    /// <summary>Checks every source's files out (refusing escaping links) and names the roots of <c>ref</c> sources.</summary>
    private async Task<(string[] Roots, Dictionary<string, string> RefRoots)> MaterializeAllAsync(
        IReadOnlyList<ApplicationSource> sources, IReadOnlyList<(RepositoryKind Kind, string Location)> places, IReadOnlyList<string> revisions, CancellationToken cancellationToken)
    {
        var roots = new string[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            roots[i] = await MaterializeAsync(sources[i], places[i].Kind, places[i].Location, revisions[i], cancellationToken);
            if (places[i].Kind == RepositoryKind.Local || _checkedTrees.TryAdd(roots[i], true)) PathGuard.CheckSymlinks(roots[i], roots[i]);
        }
        var refRoots = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Ref is { } name) refRoots[name] = roots[i];
        }
        return (roots, refRoots);
    }

    private async Task<string> MaterializeAsync(ApplicationSource source, RepositoryKind kind, string location, string revision, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case RepositoryKind.Local:
                if (!Directory.Exists(location)) throw new RenderException($"{Redaction.DisplayUrl(source.RepoUrl)}: local directory {location} does not exist");
                return location;
            case RepositoryKind.Chart:
                var chart = await Charts().PullAsync(source.RepoUrl, source.Chart!, revision, _options.Credentials(source.RepoUrl), cancellationToken);
                return chart.ChartDirectory;
            default:
                var checkout = await Git().CheckoutAsync(location, revision, _options.Credentials(source.RepoUrl), cancellationToken);
                return checkout.WorkTree;
        }
    }

    /// <summary>
    /// Asks Git now where a branch or tag of a repository points (one fetch, shared with renders resolving the same
    /// revision at the same moment) and remembers the answer for renders. Null for a repository rendered from a local
    /// directory.
    /// </summary>
    public async Task<string?> ResolveFreshAsync(string repoUrl, string revision, CancellationToken cancellationToken)
    {
        if (RepositoryLocator.Locate(repoUrl, isChart: false, _options.RepositoryOverrides, _git is not null, _options.RepositoryPins).Kind != RepositoryKind.Git) return null;
        if (RepositoryLocator.Pinned(repoUrl, _options.RepositoryPins) is { } pin) return pin.Commit;
        _revisions.TryRemove((Redaction.DisplayUrl(repoUrl), revision), out _);
        return await ResolveCommitAsync(_urlCredentials.Recall(repoUrl), revision, cancellationToken);
    }

    private Task<string> ResolveCommitAsync(ApplicationSource source, CancellationToken cancellationToken) =>
        ResolveCommitAsync(source.RepoUrl, source.TargetRevision, cancellationToken);

    private async Task<string> ResolveCommitAsync(string repoUrl, string revision, CancellationToken cancellationToken)
    {
        if (FullSha().IsMatch(revision)) return revision.ToLowerInvariant();
        var now = _time.GetUtcNow();
        // Keyed without credentials, so that a URL with them and the same URL stored without them share one entry.
        var memoKey = (Redaction.DisplayUrl(repoUrl), revision);
        if (_revisions.TryGetValue(memoKey, out var memo) && memo.Expires > now) return memo.Resolved;
        // Renders of many apps of one repository resolve it once: the first caller fetches, the others wait for its answer.
        var flight = _resolving.GetOrAdd(memoKey, _ => new Lazy<Task<string>>(() => ResolveOnceAsync(repoUrl, revision, cancellationToken)));
        try
        {
            return await flight.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (flight.Value.IsCompleted) _resolving.TryRemove(new KeyValuePair<(string, string), Lazy<Task<string>>>(memoKey, flight));
        }
    }

    private async Task<string> ResolveOnceAsync(string repoUrl, string revision, CancellationToken cancellationToken)
    {
        var commit = await Git().ResolveAsync(repoUrl, revision, _options.Credentials(repoUrl), cancellationToken);
        if (_options.RevisionCacheDuration > TimeSpan.Zero) _revisions[(Redaction.DisplayUrl(repoUrl), revision)] = (commit, _time.GetUtcNow() + _options.RevisionCacheDuration);
        return commit;
    }

    private async Task<string> ResolveChartAsync(ApplicationSource source, CancellationToken cancellationToken)
    {
        if (ExactVersion().IsMatch(source.TargetRevision)) return source.TargetRevision;
        var now = _time.GetUtcNow();
        var memoKey = (source.RepoUrl + "#" + source.Chart, source.TargetRevision);
        if (_revisions.TryGetValue(memoKey, out var memo) && memo.Expires > now) return memo.Resolved;
        var chart = await Charts().PullAsync(source.RepoUrl, source.Chart!, source.TargetRevision, _options.Credentials(source.RepoUrl), cancellationToken);
        if (_options.RevisionCacheDuration > TimeSpan.Zero) _revisions[memoKey] = (chart.Version, now + _options.RevisionCacheDuration);
        return chart.Version;
    }

    private async Task<PluginCatalog> CatalogAsync()
    {
        try
        {
            return await _plugins.Value;
        }
        catch (PluginConfigException e)
        {
            throw new RenderException(e.Message, e);
        }
    }

    private IGitSource Git() => _git ?? throw new RenderException(
        "no Git source is configured; map the repository to a local directory (hawser render --repo-override URL=PATH)");

    private IHelmChartSource Charts() => _charts ?? throw new RenderException("no Helm chart source is configured for chart sources");

    private static string SafeName(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').Take(40).ToArray());

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex FullSha();

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex ExactVersion();
}
