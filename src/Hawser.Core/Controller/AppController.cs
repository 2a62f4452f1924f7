using System.Collections.Concurrent;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Observability;
using Hawser.Rendering;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;

namespace Hawser.Controller;

/// <summary>
/// The reconcile loop of <c>hawser server</c>: keeps every app of the <see cref="AppCatalog"/> equal to Git, continuously.
/// <para><b>When an app is refreshed.</b> On its timer (<see cref="ControllerOptions.ReconcileInterval"/> plus jitter); when
/// its repository moves (one fetch per repository per <see cref="ControllerOptions.RepoPollInterval"/>, shared by all its
/// apps); when an object it owns changes in the cluster (the per-cluster <see cref="LiveStateCache"/> watches every kind an
/// app manages); when an app it depends on becomes Synced and Healthy; and on request (<see cref="Refresh"/>).</para>
/// <para><b>What a refresh does.</b> Render (cached by commit), compare with the live-state cache (no API request when
/// nothing changed), record the status, and decide an automated sync (<see cref="AutoSync"/>), held by
/// <c>hawser.io/depends-on</c> until the apps named are Synced and Healthy (<see cref="Dependencies"/>).</para>
/// <para><b>ApplicationSets.</b> A set registered by an app is generated when that app syncs, and again at every repository
/// poll (its git generators' repositories asked afresh), at start, and on request; its Applications join the catalog. Under
/// <c>strategy: RollingSync</c> the set, not the app's own policy, decides when its apps sync (<see cref="RollingSync"/>).</para>
/// <para><b>Work.</b> Refreshes and syncs run on two bounded worker pools (sets on a third, of one worker); an app is never worked on twice at once, events
/// for one app collapse into one run, and one app's failure is recorded on that app only. After a restart, operations that
/// were interrupted are resumed where they stopped.</para>
/// </summary>
public sealed class AppController : IAsyncDisposable
{
    private readonly ControllerOptions _options;
    private readonly AppRenderer _renderer;
    private readonly ClusterConnector _clusters;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly AppReconciler _reconciler;
    private readonly IHealthAssessor _health;
    private readonly ControllerAudit _audit;
    private readonly ConcurrentDictionary<string, AppState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LiveStateCache> _caches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Repo, string Revision), string> _repoHeads = new();
    private readonly ConcurrentDictionary<string, (string Name, string Server)> _cacheClusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AppIdentity> _identities = new(StringComparer.Ordinal);
    // Sets asked for by name (RefreshSet): their git generators' branches are asked afresh; at a poll the poll has just asked.
    private readonly ConcurrentDictionary<string, byte> _setsToResolve = new(StringComparer.Ordinal);
    private readonly HawserMetrics? _metrics;
    private readonly CancellationTokenSource _stop = new();
    private KeyedWorkQueue? _refreshQueue;
    private KeyedWorkQueue? _syncQueue;
    private KeyedWorkQueue? _setQueue;
    private Task _scheduler = Task.CompletedTask;
    private DateTimeOffset _nextRepoPoll;

    public AppController(ControllerOptions options, AppCatalog catalog, AppRenderer renderer, ClusterConnector clusters, IStateStore store,
        IHealthAssessor health, TimeProvider time, ILoggerFactory loggerFactory, SyncEngineSettings? engineSettings = null, HawserMetrics? metrics = null,
        Settings.ArgoCdConfig? config = null)
    {
        _metrics = metrics;
        _options = options;
        Catalog = catalog;
        _renderer = renderer;
        _clusters = clusters;
        _store = store;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AppController>();
        _health = health;
        _audit = new ControllerAudit(store.Audit, time);
        _reconciler = new AppReconciler(renderer, clusters, CacheFor, store, health, time, loggerFactory, engineSettings ?? SyncEngineSettings.Default,
            config ?? Settings.HawserSettings.Default.Config, metrics);
        metrics?.OnCollect(CollectMetrics);
    }

    /// <summary>The apps managed.</summary>
    public AppCatalog Catalog { get; }

    /// <summary>True once every app known at start has been refreshed once.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Raised (on a worker) with an app's name whenever its status or operation changed.</summary>
    public event Action<string>? AppChanged;

    /// <summary>The last refreshed status of an app, or null.</summary>
    public AppRuntimeStatus? StatusOf(string app) => _states.TryGetValue(app, out var state) ? state.Status : null;

    /// <summary>Loads the catalog and the stored statuses, resumes interrupted operations and starts the loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Catalog.ReloadAsync(cancellationToken);
        foreach (var problem in Catalog.Problems) ControllerLog.RootProblem(_logger, problem);
        foreach (var snapshot in await _store.ListAppStatusesAsync(cancellationToken))
        {
            if (Catalog.Find(snapshot.App) is not null && AppStatusJson.ParseRefresh(snapshot.DetailJson) is { } status) State(snapshot.App).Status = status;
        }
        _refreshQueue = new KeyedWorkQueue("refresh", _options.StatusProcessors, RefreshAsync, _logger);
        _syncQueue = new KeyedWorkQueue("sync", _options.OperationProcessors, SyncAsync, _logger);
        _setQueue = new KeyedWorkQueue("appsets", 1, GenerateSetAsync, _logger);
        foreach (var running in await _store.GetRunningOperationsAsync(cancellationToken))
        {
            if (running.DryRun) continue;
            if (Catalog.Find(running.App) is null)
            {
                await _store.CompleteOperationAsync(new OperationCompletion(running.Id, OperationPhase.Terminated, "the app no longer exists", running.Tasks), cancellationToken);
                continue;
            }
            ControllerLog.Resuming(_logger, running.App, running.Id);
            State(running.App).RequestSync(new AppSyncSettings(running.Initiator, SyncChildren: false));
            _syncQueue.Enqueue(running.App);
        }
        var now = _time.GetUtcNow();
        _nextRepoPoll = now + _options.RepoPollInterval;
        foreach (var name in Catalog.Entries.Keys) Schedule(name, now);
        foreach (var set in Catalog.Sets.Keys) _setQueue.Enqueue(set);
        ControllerLog.Started(_logger, Catalog.Entries.Count, _options.StatusProcessors, _options.OperationProcessors);
        _scheduler = Task.Run(() => SchedulerAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Asks for a refresh of an app now; <paramref name="resolveRevisions"/> asks Git again where its branches point.
    /// False when there is no such app.</summary>
    public bool Refresh(string app, bool resolveRevisions = true)
    {
        if (Catalog.Find(app) is null) return false;
        State(app).ResolveRevisions |= resolveRevisions;
        _refreshQueue?.Enqueue(app);
        return true;
    }

    /// <summary>Asks for an ApplicationSet to be generated again now, its git generators' branches asked afresh; false when there is no such set.</summary>
    public bool RefreshSet(string set)
    {
        if (!Catalog.Sets.ContainsKey(set)) return false;
        _setsToResolve[set] = 0;
        _setQueue?.Enqueue(set);
        return true;
    }

    /// <summary>Asks for a sync of an app (runs on a sync worker); false when there is no such app.</summary>
    public bool RequestSync(string app, AppSyncSettings settings)
    {
        if (Catalog.Find(app) is null) return false;
        State(app).RequestSync(settings with { SyncChildren = false });
        _syncQueue?.Enqueue(app);
        return true;
    }

    /// <summary>
    /// Asks for a sync of the app as history entry <paramref name="historyId"/> recorded it (its revision and source), as
    /// Argo CD's rollback does. Refused for an app with an automated sync policy, which would sync it straight back to Git.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such app or history entry, or the app syncs automatically.</exception>
    public async Task RequestRollbackAsync(string app, long historyId, AppSyncSettings settings, CancellationToken cancellationToken)
    {
        var entry = Catalog.Find(app) ?? throw new InvalidOperationException($"app \"{app}\" does not exist");
        if (entry.App.Application.Spec.SyncPolicy?.Automated is not null)
            throw new InvalidOperationException($"app \"{app}\" syncs automatically: rollback cannot be initiated when auto-sync is enabled (it would sync back to Git at once)");
        var history = await _store.GetHistoryEntryAsync(app, historyId, cancellationToken)
            ?? throw new InvalidOperationException($"app \"{app}\" has no history entry {historyId}");
        var (apps, _) = AppDefinition.Read(history.SourceJson, $"history entry {historyId} of {app}");
        State(app).RequestSync(settings with { SyncChildren = false, Initiator = $"{settings.Initiator} (rollback to {historyId})" }, apps.Single());
        _syncQueue?.Enqueue(app);
    }

    /// <summary>
    /// The app's objects and what they own (ReplicaSets, Pods...) with their health, read from its destination cluster
    /// (<see cref="ResourceTree"/>); null when there is no such app.
    /// </summary>
    public async Task<IReadOnlyList<ResourceNode>?> ResourceTreeAsync(string app, CancellationToken cancellationToken)
    {
        if (Catalog.Find(app) is not { } entry) return null;
        var client = CacheFor(_clusters.Connect(entry.App.Application.Spec.Destination)).Client;
        return await ResourceTree.BuildAsync(client, StatusOf(app)?.Resources ?? [], _health, cancellationToken);
    }

    /// <summary>Renders and compares the app now, for display (live, desired and diff per object, Secret values masked);
    /// records nothing. Null when there is no such app.</summary>
    public async Task<Compare.CompareResult?> CompareAsync(string app, CancellationToken cancellationToken) =>
        Catalog.Find(app) is { } entry ? await _reconciler.CompareAsync(entry.App, cancellationToken) : null;

    /// <summary>
    /// Deletes an app that a parent registered (app-of-apps), as deleting an Application does in Argo CD: with
    /// <paramref name="cascade"/>, every object it applied (and its child apps that carry the resources finalizer); the
    /// app's runtime state; and its registration. The parent registers it again at its next sync if Git still declares it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such app, a root app (declared in the config repository itself), or a sync of it is running.</exception>
    public async Task DeleteAsync(string app, bool cascade, CancellationToken cancellationToken)
    {
        var entry = Catalog.Find(app) ?? throw new InvalidOperationException($"app \"{app}\" does not exist");
        if (entry.Parent is null)
            throw new InvalidOperationException($"app \"{app}\" is declared in the config repository's root path; remove it from Git to delete it");
        await using (var held = await _store.TryLockAppAsync(app, cancellationToken))
        {
            if (held is null || IsSyncing(app)) throw new InvalidOperationException($"a sync of app \"{app}\" is running; delete it when the sync ends");
            // Out of the catalog first, so that no refresh or automated sync brings back what is being deleted.
            await _store.DeleteChildAppAsync("Application", app, cancellationToken);
            await ReloadCatalogAsync(cancellationToken);
            _states.TryRemove(app, out _);
            if (cascade) await _reconciler.DeleteAsync(entry.App, cancellationToken);
            else await _store.DeleteAppStateAsync(app, cancellationToken);
        }
        AppChanged?.Invoke(app);
    }

    /// <summary>True while the app has a sync queued or running.</summary>
    public bool IsSyncing(string app) =>
        _states.TryGetValue(app, out var state) && (state.SyncPending || state.Syncing);

    private AppState State(string app) => _states.GetOrAdd(app, _ => new AppState());

    private LiveStateCache CacheFor(KubernetesConnection connection) =>
        _caches.GetOrAdd(CacheKey(connection), key =>
        {
            var client = _metrics is null ? connection.Client : new MeteredKubernetesClient(connection.Client, ClusterOf(key).Server, _metrics);
            Action<Manifests.GroupVersionKind>? onEvent = _metrics is null ? null : kind => _metrics.ClusterEvent(ClusterOf(key).Name, ClusterOf(key).Server, kind.Group, kind.Kind);
            return new LiveStateCache(client, app => _refreshQueue?.Enqueue(app), null, _loggerFactory.CreateLogger<LiveStateCache>(), onEvent);
        });

    private static string CacheKey(KubernetesConnection connection) => connection.Context + "|" + connection.Server;

    // A cluster's name and URL as Argo CD's metrics show them (in-cluster, https://kubernetes.default.svc), learned from the
    // destinations of the apps that use it; the connection's own URL until one has.
    private (string Name, string Server) ClusterOf(string cacheKey) =>
        _cacheClusters.TryGetValue(cacheKey, out var cluster) ? cluster : (cacheKey[..cacheKey.IndexOf('|')], cacheKey[(cacheKey.IndexOf('|') + 1)..]);

    private AppIdentity Identify(Application app)
    {
        var identity = AppIdentity.Of(app);
        if (_metrics is null) return identity;
        try
        {
            var server = _clusters.ClusterServer(app.Spec.Destination);
            var name = app.Spec.Destination.Name ?? (server == ClusterConnector.InClusterServer ? ClusterConnector.InClusterName : server);
            _cacheClusters[CacheKey(_clusters.Connect(app.Spec.Destination))] = (name, server);
            return _identities[app.Name] = identity with { DestServer = server };
        }
        catch (Exception e) when (AppReconciler.IsAppProblem(e))
        {
            return identity;
        }
    }

    // Before every scrape: one argocd_app_info series per app, the queues' depths and each cluster cache's size.
    private void CollectMetrics()
    {
        var metrics = _metrics!;
        metrics.SetApps(Catalog.Entries.Values.Select(e =>
        {
            var app = e.App.Application;
            var status = StatusOf(e.Name);
            var repo = app.Spec.Sources.Count == 0 ? "" : Sources.Redaction.DisplayUrl(app.Spec.Sources[0].RepoUrl);
            if (repo.EndsWith(".git", StringComparison.Ordinal)) repo = repo[..^4];
            var identity = _identities.TryGetValue(e.Name, out var known) ? known : AppIdentity.Of(app);
            return new AppInfo(identity, repo, app.Spec.Destination.Namespace, status?.Sync.ToString() ?? "Unknown", status?.Health.Status.ToString() ?? "Unknown",
                IsSyncing(e.Name) ? "sync" : "", app.Spec.SyncPolicy?.Automated is not null);
        }));
        metrics.SetQueueDepth("app_reconciliation_queue", _refreshQueue?.Depth ?? 0);
        metrics.SetQueueDepth("app_operation_processing_queue", _syncQueue?.Depth ?? 0);
        metrics.SetQueueDepth("appset_reconciliation_queue", _setQueue?.Depth ?? 0);
        foreach (var (key, cache) in _caches)
        {
            var (name, server) = ClusterOf(key);
            metrics.SetCluster(name, server, "", cache.WatchedKinds, cache.ObjectCount);
        }
    }

    private void Schedule(string app, DateTimeOffset now)
    {
        var jitter = _options.ReconcileJitter > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * _options.ReconcileJitter.TotalMilliseconds) : TimeSpan.Zero;
        State(app).NextRefresh = now + _options.ReconcileInterval + jitter;
        _refreshQueue?.Enqueue(app);
    }

    private async Task SchedulerAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = _time.GetUtcNow();
            foreach (var (name, state) in _states)
            {
                if (state.NextRefresh <= now && Catalog.Find(name) is not null) Schedule(name, now);
                // A sync handed over but not taken (its worker found the app missing from a catalog being reloaded) is handed over again.
                if (state.SyncPending && Catalog.Find(name) is not null) _syncQueue!.Enqueue(name);
            }
            if (now >= _nextRepoPoll)
            {
                _nextRepoPoll = now + _options.RepoPollInterval;
                await PollRepositoriesAsync(cancellationToken);
                foreach (var set in Catalog.Sets.Keys) _setQueue!.Enqueue(set);
            }
            if (!IsReady && Catalog.Entries.Keys.All(n => _states.TryGetValue(n, out var s) && s.Status is not null)) IsReady = true;
        }
    }

    // One fetch per (repository, revision) shared by every app of it; apps of a repository that moved are refreshed now.
    private async Task PollRepositoriesAsync(CancellationToken cancellationToken)
    {
        // The git generators' repositories of the ApplicationSets are asked in the same round (their sets are generated
        // after it), with no app to refresh.
        var byRepo = Catalog.Entries.Values
            .SelectMany(e => e.App.Application.Spec.Sources.Where(s => !s.IsChart).Select(s => (Key: (RepoUrl: s.RepoUrl, TargetRevision: s.TargetRevision), App: (string?)e.Name)))
            .Concat(Catalog.Sets.Values.SelectMany(set => GitSources(set.Set.Spec.Generators)).Select(g => (Key: (RepoUrl: g.Repo, TargetRevision: g.Revision), App: (string?)null)))
            .GroupBy(p => p.Key, p => p.App);
        foreach (var group in byRepo)
        {
            try
            {
                var commit = await _renderer.ResolveFreshAsync(group.Key.RepoUrl, group.Key.TargetRevision, cancellationToken);
                if (commit is null || (_repoHeads.TryGetValue(group.Key, out var known) && known == commit)) continue;
                _repoHeads[group.Key] = commit;
                // The first answer is news only to apps last compared to another commit.
                var apps = group.OfType<string>().Distinct().Where(app => StatusOf(app) is not { } status || !status.Revisions.Contains(commit, StringComparer.Ordinal)).ToList();
                if (apps.Count == 0) continue;
                ControllerLog.RepoMoved(_logger, Sources.Redaction.DisplayUrl(group.Key.RepoUrl), commit, apps.Count);
                foreach (var app in apps) _refreshQueue?.Enqueue(app);
            }
            catch (Exception e) when (AppReconciler.IsAppProblem(e))
            {
                ControllerLog.RepoCheckFailed(_logger, Sources.Redaction.DisplayUrl(group.Key.RepoUrl), e.Message);
            }
        }
    }

    private async Task RefreshAsync(string name, CancellationToken cancellationToken)
    {
        if (Catalog.Find(name) is not { } entry)
        {
            _states.TryRemove(name, out _);
            _identities.TryRemove(name, out _);
            return;
        }
        var state = State(name);
        // A sync refreshes the app when it ends.
        if (state.SyncPending || state.Syncing) return;
        if (state.ResolveRevisions)
        {
            state.ResolveRevisions = false;
            foreach (var source in entry.App.Application.Spec.Sources) _renderer.InvalidateRevisions(source.RepoUrl);
        }
        if (entry.Parent is null) await ReloadCatalogAsync(cancellationToken);

        var identity = Identify(entry.App.Application);
        var started = _time.GetTimestamp();
        RefreshOutcome outcome;
        using (KubernetesRequestScope.Enter(identity)) outcome = await _reconciler.RefreshAsync(entry.App, cancellationToken);
        var status = outcome.Status;
        var latest = await _store.GetLatestOperationAsync(name, cancellationToken);
        var now = _time.GetUtcNow();
        if (status.Sync == AppSyncStatus.Synced) state.Heals = 0;

        var decision = AutoSync.Decide(entry.App.Application, status, outcome.ChildrenChanged, outcome.DesiredCount, outcome.PinnedSource, latest, state.HealAllowedAt, now);
        var extra = new List<AppCondition>();
        if (entry.SetName is { } setName && Catalog.Sets.TryGetValue(setName, out var set) && set.Set.Spec.Strategy is { } rolling)
            decision = RollingDecision(entry, set, rolling, status, outcome, latest, state, now);
        if (decision.Sync && Dependencies.Check(name, Catalog.Entries, StatusOf) is { } held)
        {
            extra.Add(held);
            decision = AutoSyncDecision.Skip(held.Message);
        }
        if (decision.Sync && outcome.AutomatedSyncRefusal is { } refused)
        {
            if (refused.Type != AppCondition.InvalidSpecError) extra.Add(refused);
            decision = AutoSyncDecision.Skip(refused.Message);
        }
        if (decision.Condition is { } condition) extra.Add(condition);
        if (extra.Count > 0) status = status with { Conditions = [.. status.Conditions, .. extra] };

        var wasReady = state.Status?.IsSyncedAndHealthy == true;
        state.Status = status;
        await SaveStatusAsync(name, status, cancellationToken);
        ControllerLog.Refreshed(_logger, name, status.Sync.ToString(), status.Health.Status.ToString());
        _metrics?.AppReconciled(identity, _time.GetElapsedTime(started));
        if (wasReady != status.IsSyncedAndHealthy)
        {
            foreach (var dependent in Dependencies.Dependents(name, Catalog.Entries)) _refreshQueue!.Enqueue(dependent);
            // The next RollingSync step may start.
            if (entry.SetName is { } owner && Catalog.Sets.TryGetValue(owner, out var rollingSet) && rollingSet.Set.Spec.Strategy is not null)
            {
                foreach (var sibling in Catalog.GeneratedBy(owner).Where(s => s.Name != name)) _refreshQueue!.Enqueue(sibling.Name);
            }
        }
        if (decision.Sync)
        {
            ControllerLog.AutoSyncing(_logger, name, decision.Reason);
            if (decision.Reason == "self-heal")
            {
                state.Heals++;
                var wait = TimeSpan.FromTicks(Math.Min(_options.SelfHealBackoffCap.Ticks, _options.SelfHealBackoff.Ticks * (long)Math.Pow(3, state.Heals - 1)));
                state.HealAllowedAt = now + wait;
            }
            state.ScheduleAutomated(outcome, decision.Reason);
            _syncQueue!.Enqueue(name);
        }
        AppChanged?.Invoke(name);
    }

    // Under RollingSync the set decides: an app of the current step that is OutOfSync syncs (as if automated, with its own
    // prune and selfHeal settings when it has them), within the step's maxUpdate; the apps of later steps wait.
    private AutoSyncDecision RollingDecision(CatalogEntry entry, CatalogSet set, RollingSyncStrategy rolling, AppRuntimeStatus status, RefreshOutcome outcome,
        OperationRecord? latest, AppState state, DateTimeOffset now)
    {
        var spec = entry.App.Application.Spec;
        var policy = spec.SyncPolicy ?? new SyncPolicy(null, SyncOptions.Empty, null, null);
        var automated = entry.App.Application with { Spec = spec with { SyncPolicy = policy with { Automated = policy.Automated ?? new AutomatedSyncPolicy(false, false, false) } } };
        var decision = AutoSync.Decide(automated, status, outcome.ChildrenChanged, outcome.DesiredCount, outcome.PinnedSource, latest, state.HealAllowedAt, now);
        if (!decision.Sync) return decision;
        var apps = Catalog.GeneratedBy(set.Name).Select(e =>
        {
            var current = e.Name == entry.Name ? status : StatusOf(e.Name);
            return new RollingSyncApp(e.Name, e.App.Application.Metadata.Labels, current?.Sync ?? AppSyncStatus.Unknown, current?.Health.Status ?? HealthStatus.Unknown,
                e.Name != entry.Name && IsSyncing(e.Name));
        }).ToList();
        var plan = RollingSync.Evaluate(rolling, apps);
        if (plan.MaySync.Contains(entry.Name, StringComparer.Ordinal)) return new AutoSyncDecision(true, $"{decision.Reason} (ApplicationSet \"{set.Name}\" RollingSync step {plan.CurrentStep + 1})");
        if (plan.NotInAnyStep.Contains(entry.Name, StringComparer.Ordinal)) return AutoSyncDecision.Skip($"no step of ApplicationSet \"{set.Name}\"'s RollingSync selects it");
        return AutoSyncDecision.Skip(plan.CurrentStep is { } step
            ? $"waiting for RollingSync step {step + 1} of ApplicationSet \"{set.Name}\""
            : $"RollingSync of ApplicationSet \"{set.Name}\" is complete");
    }

    // Generates a set again, after asking Git where its git generators' revisions point; apps added or removed join or leave the catalog.
    private async Task GenerateSetAsync(string name, CancellationToken cancellationToken)
    {
        if (!Catalog.Sets.TryGetValue(name, out var set)) return;
        try
        {
            if (_setsToResolve.TryRemove(name, out _))
            {
                foreach (var (repo, revision) in GitSources(set.Set.Spec.Generators).Distinct()) await _renderer.ResolveFreshAsync(repo, revision, cancellationToken);
            }
            var plan = await _reconciler.GenerateAsync(set.Set, cancellationToken);
            foreach (var condition in plan.Conditions.Where(c => c.Type == AppSetCondition.ErrorOccurred)) ControllerLog.SetProblem(_logger, name, condition.Message);
            if (plan.Changes.Any(c => c.Action is AppSetAppAction.Created or AppSetAppAction.Updated or AppSetAppAction.Deleted))
                await ReloadCatalogAsync(cancellationToken);
        }
        catch (Exception e) when (AppReconciler.IsAppProblem(e))
        {
            ControllerLog.SetProblem(_logger, name, e.Message);
        }
    }

    private static IEnumerable<(string Repo, string Revision)> GitSources(IEnumerable<AppSetGenerator> generators)
    {
        foreach (var generator in generators)
        {
            switch (generator)
            {
                case GitGenerator git when !git.RepoUrl.Contains("{{", StringComparison.Ordinal) && !git.Revision.Contains("{{", StringComparison.Ordinal):
                    yield return (git.RepoUrl, git.Revision);
                    break;
                case MatrixGenerator matrix:
                    foreach (var source in GitSources(matrix.Children)) yield return source;
                    break;
                case MergeGenerator merge:
                    foreach (var source in GitSources(merge.Children)) yield return source;
                    break;
            }
        }
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var state = State(name);
        // An app missing from the catalog keeps its pending sync: the scheduler hands it over again if the app comes back.
        if (Catalog.Find(name) is not { } entry) return;
        var (requested, source, automated, automatedReason) = state.TakeSync();
        if (requested is null && automated is null) return;
        var identity = Identify(entry.App.Application);
        using var scope = KubernetesRequestScope.Enter(identity);
        state.Syncing = true;
        try
        {
            var app = source ?? entry.App;
            var outcome = automated ?? await _reconciler.RefreshAsync(app, cancellationToken);
            if (outcome.Rendered is null)
            {
                ControllerLog.SyncNotStarted(_logger, name, string.Join("; ", outcome.Status.Conditions.Select(c => c.Message)));
                return;
            }
            var settings = requested ?? new AppSyncSettings("automated", SyncChildren: false, Automated: true);
            // Watchers (notifications' on-sync-running) hear of the operation once it runs, not only when it ends.
            var announced = 0;
            var started = new Progress<SyncProgress>(p =>
            {
                if (p.OperationId > 0 && Interlocked.Exchange(ref announced, 1) == 0) AppChanged?.Invoke(name);
            });
            SyncResult result;
            try
            {
                result = await _reconciler.SyncAsync(app, outcome.Rendered, settings, cancellationToken, started);
            }
            catch (ProjectViolationException e) when (requested is null)
            {
                await _audit.RefusedAsync(app.Application, automatedReason, e.Message, cancellationToken);
                throw;
            }
            ControllerLog.Synced(_logger, name, result.Phase.ToString(), result.Operation.Message);
            _metrics?.AppSynced(identity, result.Phase.ToString(), settings.DryRun);
            if (requested is null) await _audit.SyncedAsync(app.Application, automatedReason, result, cancellationToken);
            if (outcome.Rendered.ArgoObjects.Count > 0 || (await _store.ListChildAppsAsync(name, cancellationToken)).Count > 0)
                await ReloadCatalogAsync(cancellationToken);
        }
        finally
        {
            state.Syncing = false;
            _refreshQueue!.Enqueue(name);
            AppChanged?.Invoke(name);
        }
    }

    private async Task ReloadCatalogAsync(CancellationToken cancellationToken)
    {
        var changed = await Catalog.ReloadAsync(cancellationToken);
        var now = _time.GetUtcNow();
        foreach (var name in changed)
        {
            if (Catalog.Find(name) is null)
            {
                _states.TryRemove(name, out _);
                _identities.TryRemove(name, out _);
            }
            else Schedule(name, now);
        }
    }

    private Task SaveStatusAsync(string name, AppRuntimeStatus status, CancellationToken cancellationToken) =>
        _store.SaveAppStatusAsync(new AppStatusSnapshot(name, status.Sync, status.Health.Status, status.Health.Message, status.Revisions,
            status.ReconciledAt, AppStatusJson.Refresh(status).ToJsonString()), cancellationToken);

    /// <summary>Stops the loop; running syncs stop at their next step (their progress is saved and resumed on the next start).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _scheduler;
        }
        catch (OperationCanceledException)
        {
            // The scheduler ends this way.
        }
        if (_refreshQueue is not null) await _refreshQueue.DisposeAsync();
        if (_syncQueue is not null) await _syncQueue.DisposeAsync();
        if (_setQueue is not null) await _setQueue.DisposeAsync();
        foreach (var cache in _caches.Values) await cache.DisposeAsync();
        _caches.Clear();
        _stop.Dispose();
    }
}
