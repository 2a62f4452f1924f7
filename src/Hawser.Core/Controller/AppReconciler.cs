using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Compare;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Observability;
using Hawser.Rendering;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;

namespace Hawser.Controller;

/// <summary>The outcome of refreshing one app: its status, and what a sync would need (null when it could not render).</summary>
/// <param name="Status">The status to record.</param>
/// <param name="Rendered">The render, when it succeeded.</param>
/// <param name="Children">What a sync would do to the app's child apps (app-of-apps).</param>
/// <param name="PinnedSource">The manifest a sync of this render would record (the revision pinned).</param>
internal sealed record RefreshOutcome(AppRuntimeStatus Status, RenderedApp? Rendered, IReadOnlyList<ChildAppChange> Children, string PinnedSource)
{
    /// <summary>Why an automated sync may not run now (the AppProject refuses the app, or a sync window is closed), or null.</summary>
    public AppCondition? AutomatedSyncRefusal { get; init; }

    public bool ChildrenChanged => Children.Any(c => c.Action is "Registered" or "Removed");

    public int DesiredCount => Rendered is null ? 0 : Rendered.Managed.Count + Rendered.ArgoObjects.Count;
}

/// <summary>
/// The pipeline for one app, as the controller runs it: refresh (render, compare against the cluster's live-state cache,
/// status) and sync (the <see cref="SyncEngine"/> on the same cache, both with argocd-cm's resource exclusions and
/// ignoreDifferences rules, then child app registration, and generation of the
/// ApplicationSets among the children). Reads of watched kinds
/// come from the cache, so refreshing an unchanged app makes no API request.
/// </summary>
internal sealed class AppReconciler(
    AppRenderer renderer,
    ClusterConnector clusters,
    Func<KubernetesConnection, LiveStateCache> caches,
    IStateStore store,
    IHealthAssessor health,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    SyncEngineSettings engineSettings,
    Settings.ArgoCdConfig config,
    HawserMetrics? metrics = null)
{
    private static readonly GroupVersionKind NamespaceKind = new("", "v1", "Namespace");
    private readonly AppProjects _projects = AppProjects.FromStore(store) with { ResolveDestination = clusters.WithResolvedServer };
    private readonly ChildApps _children = new(store, AppProjects.FromStore(store) with { ResolveDestination = clusters.WithResolvedServer });
    private readonly ChildAppSets _sets = new(store, new ApplicationSetGenerator(renderer), () => AppSetCluster.From(clusters.Catalog), time, new ControllerAudit(store.Audit, time));

    /// <summary>Renders and compares the app; never throws for a problem of the app itself (it becomes a condition).</summary>
    public async Task<RefreshOutcome> RefreshAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        RenderedApp rendered;
        try
        {
            var started = time.GetTimestamp();
            var result = await renderer.RenderAsync(app.Application, await clusters.CapabilitiesAsync(app.Application.Spec.Destination, cancellationToken), cancellationToken);
            metrics?.Rendered(time.GetElapsedTime(started), result.FromCache);
            rendered = RenderedApp.From(result, config.Resources, clusters.ClusterServer(app.Application.Spec.Destination));
        }
        catch (Exception e) when (IsAppProblem(e))
        {
            return Failed(AppCondition.ComparisonError, $"rendering failed: {e.Message}");
        }

        try
        {
            var (client, ns) = await ConnectAsync(app, rendered, cancellationToken);
            var inventory = await store.GetInventoryAsync(app.Name, cancellationToken);
            var comparer = new Comparer(client, loggerFactory.CreateLogger<Comparer>(), health);
            // A missing object is Missing whatever a dry run would say; the sync validates it when it creates it.
            var request = SyncRequests.Compare(app.Application, rendered, ns, inventory, config.IgnoreDifferences) with { DryRunMissing = false };
            var comparison = await comparer.CompareAsync(request, cancellationToken);
            var automatedPrune = app.Application.Spec.SyncPolicy?.Automated?.Prune == true;
            var children = await _children.PlanAsync(app.Name, rendered.ArgoObjects, automatedPrune, cancellationToken);

            var conditions = new List<AppCondition>();
            conditions.AddRange(rendered.Render.Warnings.Concat(comparison.Warnings).Distinct().Select(w => new AppCondition(AppCondition.ComparisonWarning, w)));
            conditions.AddRange(comparison.Items.Where(i => i.Status == CompareStatus.Conflict).Select(i => new AppCondition(AppCondition.SharedResourceWarning, i.Message)));
            conditions.AddRange(children.Where(c => c.Action is "Conflict" or "Invalid").Select(c => new AppCondition(AppCondition.InvalidSpecError, $"child {c.Kind} \"{c.Name}\": {c.Message}")));

            var synced = !comparison.IsOutOfSync && !children.Any(c => c.Action is "Registered" or "Removed" or "RequiresPruning");
            var appHealth = comparison.Health;
            if (rendered.Managed.Count == 0 && rendered.ArgoObjects.Count == 0 && app.Application.Spec.SyncPolicy?.Automated?.AllowEmpty != true)
            {
                conditions.Add(new AppCondition(AppCondition.ComparisonError, "the source renders no objects (check spec.source.path; set syncPolicy.automated.allowEmpty for an app meant to be empty)"));
                appHealth = new HealthResult(HealthStatus.Missing, "the source renders no objects");
                synced = false;
            }
            var refusal = await ProjectRefusalAsync(app, manual: false, cancellationToken);
            if (refusal is { Type: AppCondition.InvalidSpecError }) conditions.Add(refusal);
            var resources = comparison.Items.Select(i => new ResourceStatus(i.Key, VersionOf(i), i.Status, i.Health, i.Message)).ToList();
            var status = new AppRuntimeStatus(synced ? AppSyncStatus.Synced : AppSyncStatus.OutOfSync, appHealth,
                Present(rendered.Revisions), resources, conditions, time.GetUtcNow());
            return new RefreshOutcome(status, rendered, children, app.PinnedManifestJson(rendered.Revisions)) { AutomatedSyncRefusal = refusal };
        }
        catch (Exception e) when (IsAppProblem(e))
        {
            return Failed(AppCondition.ComparisonError, $"comparison failed: {e.Message}", rendered);
        }
    }

    /// <summary>Renders and compares the app for display (objects of kinds the cluster does not serve are Missing); throws when it cannot render.</summary>
    public async Task<CompareResult> CompareAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var rendered = RenderedApp.From(await renderer.RenderAsync(app.Application, cancellationToken));
        var (client, ns) = await ConnectAsync(app, rendered, cancellationToken);
        var inventory = await store.GetInventoryAsync(app.Name, cancellationToken);
        var request = SyncRequests.Compare(app.Application, rendered, ns, inventory) with { TolerateUnservedKinds = true };
        return await new Comparer(client, loggerFactory.CreateLogger<Comparer>(), health).CompareAsync(request, cancellationToken);
    }

    /// <summary>Syncs a refreshed app, then registers its child apps (cascading the removed ones that carry the resources finalizer).</summary>
    public async Task<SyncResult> SyncAsync(AppDefinition app, RenderedApp rendered, AppSyncSettings settings, CancellationToken cancellationToken,
        IProgress<SyncProgress>? progress = null)
    {
        if (await ProjectRefusalAsync(app, manual: !settings.Automated, cancellationToken) is { } refusal && !settings.DryRun)
            throw new ProjectViolationException(app.Name, [refusal.Message]);
        var project = await _projects.ResolveAsync(app.Application, cancellationToken);
        var checkedApp = clusters.WithResolvedServer(app.Application);
        var (client, ns) = await ConnectAsync(app, rendered, cancellationToken);
        var engine = new SyncEngine(client, store, health, time, loggerFactory, engineSettings);
        var request = SyncRequests.Sync(app, rendered, ns, settings, config.IgnoreDifferences) with
        {
            Permission = key => AppProjectRules.CheckResource(project, checkedApp, key),
        };
        var result = await engine.SyncAsync(request, progress, cancellationToken);
        if (result.Phase == OperationPhase.Succeeded && !settings.DryRun)
        {
            var plan = await _children.PlanAsync(app.Name, rendered.ArgoObjects, request.Prune, cancellationToken);
            foreach (var removed in plan.Where(c => c.Action == "Removed"))
            {
                if (await store.GetChildAppAsync(removed.Kind, removed.Name, cancellationToken) is not { } child) continue;
                if (child.Kind == "ApplicationSet") await _sets.RemoveAsync(child, DeleteAsync, cancellationToken);
                else if (ChildApps.Definition(child) is { } definition && definition.Application.Metadata.HasResourcesFinalizer) await DeleteAsync(definition, cancellationToken);
            }
            await _children.ApplyAsync(app.Name, rendered.ArgoObjects, plan, cancellationToken);
            await _sets.ReconcileAsync(rendered.ArgoObjects, plan, DeleteAsync, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Generates a registered ApplicationSet again and registers, updates and deletes its Applications (a generated app
    /// that is deleted takes its objects with it only when it carries the resources finalizer); returns the plan carried out.
    /// </summary>
    public Task<AppSetPlan> GenerateAsync(ApplicationSet set, CancellationToken cancellationToken) =>
        _sets.ReconcileSetAsync(set, DeleteAsync, cancellationToken);

    /// <summary>Ends an interrupted operation of an app that no longer exists or moved on (after a restart).</summary>
    public Task<OperationRecord?> TerminateAsync(AppDefinition app, string reason, CancellationToken cancellationToken)
    {
        var connection = clusters.Connect(app.Application.Spec.Destination);
        return new SyncEngine(caches(connection).Client, store, health, time, loggerFactory, engineSettings).TerminateAsync(app.Name, reason, cancellationToken);
    }

    /// <summary>Deletes the app's objects (by inventory), child apps with the resources finalizer and the Applications its child
    /// ApplicationSets generated (as their policy says), then forgets it.</summary>
    public async Task DeleteAsync(AppDefinition app, CancellationToken cancellationToken)
    {
        var connection = clusters.Connect(app.Application.Spec.Destination);
        foreach (var child in await store.ListChildAppsAsync(app.Name, cancellationToken))
        {
            if (child.Kind == "ApplicationSet") await _sets.RemoveAsync(child, DeleteAsync, cancellationToken);
            else if (ChildApps.Definition(child) is { } definition && definition.Application.Metadata.HasResourcesFinalizer)
                await DeleteAsync(definition, cancellationToken);
            await store.DeleteChildAppAsync(child.Kind, child.Name, cancellationToken);
        }
        await AppDeleter.DeleteAsync(app.Name, caches(connection).Client, store, cancellationToken);
        await store.DeleteAppStateAsync(app.Name, cancellationToken);
    }

    // Connects to the destination and makes sure the kinds the app declares or owns are watched.
    private async Task<(IKubernetesClient Client, string Namespace)> ConnectAsync(AppDefinition app, RenderedApp rendered, CancellationToken cancellationToken)
    {
        var connection = clusters.Connect(app.Application.Spec.Destination);
        var cache = caches(connection);
        var inventory = await store.GetInventoryAsync(app.Name, cancellationToken);
        var kinds = rendered.Managed.Select(o => o.GroupVersionKind)
            .Concat(inventory.Select(InventoryEntries.KindOf))
            .Append(NamespaceKind);
        await cache.WatchAsync(kinds, cancellationToken);
        return (cache.Client, SyncRequests.DestinationNamespace(app.Application, connection.Namespace));
    }

    /// <summary>The AppProject's refusal of the app (InvalidSpecError) or a closed sync window (SyncError), or null.</summary>
    private async Task<AppCondition?> ProjectRefusalAsync(AppDefinition app, bool manual, CancellationToken cancellationToken)
    {
        try
        {
            var project = await _projects.CheckAsync(app.Application, cancellationToken);
            var window = SyncWindowSet.CanSync(project, app.Application, manual, time.GetUtcNow());
            return window.Allowed ? null : new AppCondition(AppCondition.SyncError, window.Reason);
        }
        catch (ProjectViolationException e)
        {
            return new AppCondition(AppCondition.InvalidSpecError, string.Join("; ", e.Violations));
        }
    }

    private RefreshOutcome Failed(string type, string message, RenderedApp? rendered = null) =>
        new(new AppRuntimeStatus(AppSyncStatus.Unknown, HealthResult.Unknown(message), rendered is null ? [] : Present(rendered.Revisions), [],
            [new AppCondition(type, message)], time.GetUtcNow()), null, [], "");

    private static string VersionOf(ResourceComparison item)
    {
        var apiVersion = (item.Desired ?? item.Live)?.ApiVersion ?? "";
        return apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
    }

    private static List<string> Present(IReadOnlyList<string?> revisions) => revisions.Where(r => r is not null).Select(r => r!).ToList();

    // Problems of one app's input or of its cluster: recorded on the app, never allowed to stop the controller.
    internal static bool IsAppProblem(Exception e) => e is not OperationCanceledException and not OutOfMemoryException and not StateException;
}
