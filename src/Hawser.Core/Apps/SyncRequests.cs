using Hawser.Compare;
using Hawser.Sync;

namespace Hawser.Apps;

/// <summary>Maps an Application's typed spec onto the engine's requests (one place, so diff, sync and get agree).</summary>
internal static class SyncRequests
{
    public static SyncOptionSet Options(Application app) =>
        SyncOptionSet.Parse(app.Spec.SyncPolicy?.SyncOptions.Entries.Select(e => $"{e.Key}={e.Value}") ?? []);

    public static IReadOnlyList<IgnoreRule> IgnoreRules(Application app) =>
        app.Spec.IgnoreDifferences
            .Select(d => new IgnoreRule(d.Group, d.Kind, d.Name, d.Namespace, d.JsonPointers, d.JqPathExpressions, d.ManagedFieldsManagers))
            .ToList();

    /// <summary>The namespace given to namespaced objects that have none: the destination's, else the context's.</summary>
    public static string DestinationNamespace(Application app, string contextNamespace) =>
        app.Spec.Destination.Namespace.Length > 0 ? app.Spec.Destination.Namespace : contextNamespace;

    public static CompareRequest Compare(Application app, RenderedApp rendered, string contextNamespace, IReadOnlyList<State.InventoryEntry> inventory) =>
        new(app.Name, DestinationNamespace(app, contextNamespace), rendered.Managed, inventory, IgnoreRules(app), Options(app));

    public static SyncRequest Sync(AppDefinition definition, RenderedApp rendered, string contextNamespace, AppSyncSettings settings)
    {
        var app = definition.Application;
        var policy = app.Spec.SyncPolicy;
        var retry = policy?.Retry is { } r ? new SyncRetry(r.Limit, r.Backoff.Duration, r.Backoff.Factor, r.Backoff.MaxDuration) : null;
        return new SyncRequest(
            AppName: app.Name,
            Revision: rendered.Revision,
            DestinationNamespace: DestinationNamespace(app, contextNamespace),
            Desired: rendered.Managed,
            Initiator: settings.Initiator,
            AppOptions: Options(app),
            IgnoreDifferences: IgnoreRules(app),
            Prune: settings.Prune || policy?.Automated?.Prune == true,
            DryRun: settings.DryRun,
            Resources: settings.Resources,
            Retry: retry,
            HealthTimeout: settings.HealthTimeout,
            SourceJson: definition.PinnedManifestJson(rendered.Revisions),
            HistoryLimit: app.Spec.RevisionHistoryLimit ?? State.OperationCompletion.DefaultHistoryLimit);
    }
}
