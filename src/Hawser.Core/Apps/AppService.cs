using Hawser.AppSets;
using Hawser.Compare;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Apps;

/// <summary>
/// Runs the whole pipeline for one Application, as the CLI's standalone mode does (the controller will call the same):
/// render (<see cref="AppRenderer"/>) → compare with the live cluster (<see cref="Comparer"/>) → sync in order
/// (<see cref="SyncEngine"/>) → health → state (inventory, operations, history in <see cref="IStateStore"/>).
/// <para><b>App-of-apps.</b> Argo CD objects in the rendered output are never sent to a cluster: they register child apps
/// owned by the app (<see cref="ChildApps"/>). After the app's own objects are synced, child Applications with an automated
/// sync policy are synced too, in the order of their sync waves, each wave waiting for the previous one. An ApplicationSet in
/// the output is generated and its Applications registered under it (<see cref="ChildAppSets"/>); they sync along the same
/// way, or step by step under a RollingSync strategy.</para>
/// </summary>
public sealed class AppService
{
    private const int MaxNesting = 8;

    private readonly AppRenderer _renderer;
    private readonly ClusterConnector _clusters;
    private readonly IStateStore _store;
    private readonly IHealthAssessor _health;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SyncEngineSettings? _engineSettings;
    private readonly ChildApps _children;
    private readonly ChildAppSets _sets;
    private readonly HawserSettings _settings;

    private readonly AppProjects _projects;

    /// <param name="settings">Server-wide settings (system ignoreDifferences, resource exclusions); Argo CD's defaults when null.
    /// The renderer, connector and health assessor given here should have been built from the same settings.</param>
    public AppService(AppRenderer renderer, ClusterConnector clusters, IStateStore store, IHealthAssessor health,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null, SyncEngineSettings? engineSettings = null, AppProjects? projects = null,
        HawserSettings? settings = null)
    {
        _settings = settings ?? HawserSettings.Default;
        _renderer = renderer;
        _clusters = clusters;
        _store = store;
        _health = health;
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _engineSettings = engineSettings;
        _projects = (projects ?? AppProjects.FromStore(store)) with { ResolveDestination = clusters.WithResolvedServer };
        _children = new ChildApps(store, _projects);
        // ApplicationSet clusters generators target the connector's cluster Secrets (in-cluster is always added).
        var registered = AppSetCluster.From(clusters.Catalog);
        _sets = new ChildAppSets(store, new ApplicationSetGenerator(renderer), () => registered, _time);
    }

    /// <summary>What a sync would change: per-object diffs and child app registrations.</summary>
    public async Task<AppDiffReport> DiffAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var rendered = await RenderAsync(app, cancellationToken);
        var connection = _clusters.Connect(app.Application.Spec.Destination);
        var inventory = await _store.GetInventoryAsync(app.Name, cancellationToken);
        var comparison = await Comparer(connection).CompareAsync(
            SyncRequests.Compare(app.Application, rendered, connection.Namespace, inventory, _settings.Config.IgnoreDifferences) with { TolerateUnservedKinds = true }, cancellationToken);
        var children = await _children.PlanAsync(app.Name, rendered.ArgoObjects, prune: true, cancellationToken);
        children = [.. children, .. await _sets.PlanAsync(rendered.ArgoObjects, children, cancellationToken)];
        return new AppDiffReport(app.Name, Present(rendered.Revisions), comparison, children, [.. rendered.Render.Warnings, .. comparison.Warnings]);
    }

    /// <summary>Syncs the app (and its automated child apps) and records the result.</summary>
    /// <exception cref="AutoSyncRefusedException">An automated sync would prune every object of the app (<c>allowEmpty</c> is not set).</exception>
    public Task<AppSyncReport> SyncAsync(AppDefinition app, AppSyncSettings settings, IProgress<AppProgress>? progress, CancellationToken cancellationToken) =>
        SyncAsync(app, settings, progress, [], cancellationToken);

    /// <summary>Re-syncs the revision and source recorded in history entry <paramref name="historyId"/>.</summary>
    /// <exception cref="InvalidOperationException">The app has no such history entry.</exception>
    public async Task<AppSyncReport> RollbackAsync(string appName, long historyId, AppSyncSettings settings, IProgress<AppProgress>? progress, CancellationToken cancellationToken)
    {
        var entry = await _store.GetHistoryEntryAsync(appName, historyId, cancellationToken)
            ?? throw new InvalidOperationException($"app \"{appName}\" has no history entry {historyId} (see 'hawser app history {appName}')");
        if (entry.Revisions.FirstOrDefault(r => r.StartsWith("local:", StringComparison.Ordinal)) is { } local)
            throw new InvalidOperationException($"history entry {historyId} of app \"{appName}\" was synced from the local directory {local[6..]}, which is not " +
                "the root of a Git work tree: it has no commit to go back to (sync from a Git work tree, or from the repository itself, to be able to roll back)");
        var (apps, _) = AppDefinition.Read(entry.SourceJson, $"history entry {historyId} of {appName}");
        var app = apps.Single();
        return await SyncAsync(app, settings with { Initiator = $"{settings.Initiator} (rollback to {historyId})" }, progress, cancellationToken);
    }

    /// <summary>The app's sync status, health and per-object table.</summary>
    public async Task<AppStatusReport> GetAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var rendered = await RenderAsync(app, cancellationToken);
        var connection = _clusters.Connect(app.Application.Spec.Destination);
        var inventory = await _store.GetInventoryAsync(app.Name, cancellationToken);
        var comparison = await new Comparer(connection.Client, _loggerFactory.CreateLogger<Comparer>(), _health)
            .CompareAsync(SyncRequests.Compare(app.Application, rendered, connection.Namespace, inventory, _settings.Config.IgnoreDifferences) with { TolerateUnservedKinds = true }, cancellationToken);
        var resources = comparison.Items.Select(i => new AppResourceStatus(i.Key, i.Status, i.Health, i.Message)).ToList();
        var health = comparison.Health;
        var children = new List<ChildAppStatus>();
        foreach (var child in await _store.ListChildAppsAsync(app.Name, cancellationToken))
        {
            var status = child.Kind == "Application" ? await _store.GetAppStatusAsync(child.Name, cancellationToken) : null;
            children.Add(new ChildAppStatus(child.Kind, child.Name, status));
        }
        var syncStatus = comparison.IsOutOfSync ? AppSyncStatus.OutOfSync : AppSyncStatus.Synced;
        var revisions = Present(rendered.Revisions);
        await _store.SaveAppStatusAsync(new AppStatusSnapshot(app.Name, syncStatus, health.Status, health.Message, revisions, _time.GetUtcNow()), cancellationToken);
        var last = await _store.GetLatestOperationAsync(app.Name, cancellationToken);
        return new AppStatusReport(app.Name, syncStatus, health, revisions, resources, last, children, [.. rendered.Render.Warnings, .. comparison.Warnings])
        {
            LastHistoryId = last is null ? null : await HistoryIdAsync(app.Name, last.Id, cancellationToken),
        };
    }

    /// <summary>An Application registered by a parent app (app-of-apps), or null when no parent registered one of that name.</summary>
    public async Task<AppDefinition?> FindRegisteredAsync(string name, CancellationToken cancellationToken) =>
        await _store.GetChildAppAsync("Application", name, cancellationToken) is { } child ? ChildApps.Definition(child) : null;

    /// <summary>The app's history, newest first.</summary>
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string appName, CancellationToken cancellationToken) =>
        _store.GetHistoryAsync(appName, cancellationToken);

    /// <summary>
    /// Deletes every object the app applied (by inventory), then its child apps (their resources too when they carry the
    /// resources finalizer), then forgets the app.
    /// </summary>
    public async Task<AppDeleteReport> DeleteAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var connection = _clusters.Connect(app.Application.Spec.Destination);
        var childReports = new List<AppDeleteReport>();
        foreach (var child in await _store.ListChildAppsAsync(app.Name, cancellationToken))
        {
            if (child.Kind == "ApplicationSet") await _sets.RemoveAsync(child, DeleteGeneratedAsync, cancellationToken);
            if (ChildApps.Definition(child) is { } definition && definition.Application.Metadata.HasResourcesFinalizer)
                childReports.Add(await DeleteAsync(definition, cancellationToken));
            await _store.DeleteChildAppAsync(child.Kind, child.Name, cancellationToken);
        }
        var (deleted, kept) = await AppDeleter.DeleteAsync(app.Name, connection.Client, _store, cancellationToken);
        await _store.DeleteAppStateAsync(app.Name, cancellationToken);
        return new AppDeleteReport(app.Name, deleted, kept, childReports);
    }

    private async Task<AppSyncReport> SyncAsync(AppDefinition app, AppSyncSettings settings, IProgress<AppProgress>? progress,
        IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        if (parents.Contains(app.Name, StringComparer.Ordinal) || parents.Count >= MaxNesting)
            throw new InvalidOperationException($"app \"{app.Name}\" renders itself through {string.Join(" → ", parents)}; app-of-apps must not loop");

        // AppProject rules and sync windows refuse the sync before anything is rendered or written. A destination given by
        // name is checked with its cluster's server too, as Argo CD does.
        var project = await _projects.CheckAsync(app.Application, cancellationToken);
        var checkedApp = _clusters.WithResolvedServer(app.Application);
        if (!settings.DryRun && SyncWindowSet.CanSync(project, app.Application, manual: !settings.Automated, _time.GetUtcNow()) is { Allowed: false } window)
            throw new ProjectViolationException(app.Name, [window.Reason]);
        var rendered = await RenderAsync(app, cancellationToken);
        RefuseEmptyAutoSync(app, rendered, settings);
        var connection = _clusters.Connect(app.Application.Spec.Destination);
        var engine = new SyncEngine(connection.Client, _store, _health, _time, _loggerFactory, _engineSettings);
        var request = SyncRequests.Sync(app, rendered, connection.Namespace, settings, _settings.Config.IgnoreDifferences) with
        {
            Permission = key => AppProjectRules.CheckResource(project, checkedApp, key),
        };
        var engineProgress = progress is null ? null : new NamedProgress(app.Name, progress);
        var result = await engine.SyncAsync(request, engineProgress, cancellationToken);

        var childPlan = await _children.PlanAsync(app.Name, rendered.ArgoObjects, request.Prune, cancellationToken);
        var childSyncs = new List<AppSyncReport>();
        if (!settings.DryRun && result.Phase == OperationPhase.Succeeded)
        {
            var setChanges = new List<ChildAppChange>();
            foreach (var removed in childPlan.Where(c => c.Action == "Removed"))
            {
                if (await _store.GetChildAppAsync(removed.Kind, removed.Name, cancellationToken) is not { } child) continue;
                if (child.Kind == "ApplicationSet") setChanges.AddRange(await _sets.RemoveAsync(child, DeleteGeneratedAsync, cancellationToken));
                else if (ChildApps.Definition(child) is { } definition && definition.Application.Metadata.HasResourcesFinalizer) await DeleteAsync(definition, cancellationToken);
            }
            await _children.ApplyAsync(app.Name, rendered.ArgoObjects, childPlan, cancellationToken);
            setChanges.AddRange(await _sets.ReconcileAsync(rendered.ArgoObjects, childPlan, DeleteGeneratedAsync, cancellationToken));
            childPlan = [.. childPlan, .. setChanges];
            if (settings.SyncChildren) childSyncs.AddRange(await SyncChildrenAsync(app, settings, progress, [.. parents, app.Name], cancellationToken));
        }

        var health = settings.DryRun ? HealthResult.Healthy() : await HealthAfterSyncAsync(app, rendered, connection, result, settings, progress, cancellationToken);
        if (!settings.DryRun)
        {
            var synced = result.Phase == OperationPhase.Succeeded ? AppSyncStatus.Synced : AppSyncStatus.OutOfSync;
            await _store.SaveAppStatusAsync(new AppStatusSnapshot(app.Name, synced, health.Status, health.Message, Present(rendered.Revisions), _time.GetUtcNow()), cancellationToken);
        }
        return new AppSyncReport(app.Name, result, health, childPlan, childSyncs, [.. rendered.Render.Warnings, .. result.Warnings])
        {
            HistoryId = settings.DryRun ? null : await HistoryIdAsync(app.Name, result.Operation.Id, cancellationToken),
        };
    }

    // Operation ids are global; users see and pass back the per-app history ID instead.
    private async Task<long?> HistoryIdAsync(string appName, long operationId, CancellationToken cancellationToken) =>
        (await _store.GetHistoryAsync(appName, cancellationToken)).FirstOrDefault(h => h.OperationId == operationId)?.Id;

    // Read from the inventory and everything the sync planned, so a sync that stopped early reports its objects Missing; one that
    // stopped before it could even compare reports Unknown, never Healthy.
    private async Task<HealthResult> HealthAfterSyncAsync(AppDefinition app, RenderedApp rendered, KubernetesConnection connection, SyncResult result,
        AppSyncSettings settings, IProgress<AppProgress>? progress, CancellationToken cancellationToken)
    {
        var scope = AppHealthReader.Scope(await _store.GetInventoryAsync(app.Name, cancellationToken), result);
        if (scope.Count == 0 && rendered.Managed.Count > 0)
            return HealthResult.Unknown($"not assessed: the sync ended {result.Phase} before comparing the app's objects");
        var engine = _engineSettings ?? SyncEngineSettings.Default;
        var timeout = settings.WaitForHealth && result.Phase == OperationPhase.Succeeded ? settings.HealthTimeout ?? engine.HealthTimeout : TimeSpan.Zero;
        return await AppHealthReader.WaitAsync(connection.Client, _health, scope, timeout, engine.PollInterval, _time,
            h => progress?.Report(new AppProgress(app.Name, new SyncProgress(result.Operation.Id, "health", $"waiting for the app to become healthy: {h}"))),
            cancellationToken);
    }

    private async Task<IReadOnlyList<AppSyncReport>> SyncChildrenAsync(AppDefinition parent, AppSyncSettings settings, IProgress<AppProgress>? progress,
        IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var reports = new List<AppSyncReport>();
        foreach (var wave in (await _children.ApplicationsAsync(parent.Name, cancellationToken)).GroupBy(c => c.Wave))
        {
            foreach (var (_, child) in wave)
            {
                if (child.Application.Spec.SyncPolicy?.Automated is null) continue;
                // A wave of child apps gates the next one on its health, so each child sync waits for its app to be healthy.
                var childSettings = new AppSyncSettings("automated", HealthTimeout: settings.HealthTimeout, SyncChildren: settings.SyncChildren, Automated: true,
                    WaitForHealth: true);
                try
                {
                    reports.Add(await SyncAsync(child, childSettings, progress, parents, cancellationToken));
                }
                catch (AutoSyncRefusedException e)
                {
                    reports.Add(Refused(child, e));
                }
            }
            // A wave of child apps must be healthy before the next one starts, as for any other wave.
            if (reports.Any(r => !r.SucceededAndHealthy)) return reports;
        }
        reports.AddRange(await _sets.SyncAsync(parent.Name, SyncGeneratedAsync, child => GetAsync(child, cancellationToken), cancellationToken));
        return reports;

        async Task<AppSyncReport> SyncGeneratedAsync(AppDefinition child, string initiator)
        {
            try
            {
                // Generated apps gate each other (RollingSync steps, and the set's own health), so each sync waits for health.
                return await SyncAsync(child, new AppSyncSettings(initiator, HealthTimeout: settings.HealthTimeout, SyncChildren: settings.SyncChildren, Automated: true,
                    WaitForHealth: true), progress, parents, cancellationToken);
            }
            catch (AutoSyncRefusedException e)
            {
                return Refused(child, e);
            }
        }
    }

    private async Task DeleteGeneratedAsync(AppDefinition app, CancellationToken cancellationToken) => await DeleteAsync(app, cancellationToken);

    /// <summary>Argo CD's guard: an automated, pruning sync of a source that renders nothing would delete the whole app.</summary>
    private static void RefuseEmptyAutoSync(AppDefinition app, RenderedApp rendered, AppSyncSettings settings)
    {
        if (!settings.Automated || settings.DryRun) return;
        if (app.Application.Spec.SyncPolicy?.Automated is not { Prune: true, AllowEmpty: false }) return;
        if (rendered.Render.Objects.Count > 0) return;
        throw new AutoSyncRefusedException(app.Name, rendered.Revision);
    }

    // A refused automated sync wrote nothing and started no operation; it is reported as an Error that was never stored.
    private AppSyncReport Refused(AppDefinition app, AutoSyncRefusedException e)
    {
        var now = _time.GetUtcNow();
        var operation = new OperationRecord(0, app.Name, e.Revision.Length > 0 ? [e.Revision] : [], "{}", "automated", DryRun: false, now, now,
            OperationPhase.Error, e.Message, [], null);
        return new AppSyncReport(app.Name, new SyncResult(operation, null, [], []), HealthResult.Unknown(e.Message), [], [], []);
    }

    private async Task<RenderedApp> RenderAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var rendered = RenderedApp.From(await _renderer.RenderAsync(app.Application, await _clusters.CapabilitiesAsync(app.Application.Spec.Destination, cancellationToken), cancellationToken), _settings.Config.Resources, _clusters.ClusterServer(app.Application.Spec.Destination));
        // Child apps are stored without URL credentials; the renderer keeps them in memory for the children's renders.
        foreach (var url in rendered.ArgoObjects.SelectMany(o => StoredManifest.RepoUrls(o.Body))) _renderer.RememberCredentials(url);
        return rendered;
    }

    private Comparer Comparer(KubernetesConnection connection) =>
        new(connection.Client, _loggerFactory.CreateLogger<Comparer>());

    private static List<string> Present(IReadOnlyList<string?> revisions) => revisions.Where(r => r is not null).Select(r => r!).ToList();

    // Forwards the engine's reports synchronously, in order (Progress<T> would post them to the thread pool and reorder them).
    private sealed class NamedProgress(string app, IProgress<AppProgress> inner) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => inner.Report(new AppProgress(app, value));
    }
}
