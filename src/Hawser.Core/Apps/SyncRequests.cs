using Hawser.Compare;
using Hawser.Sync;

namespace Hawser.Apps;

/// <summary>Maps an Application's typed spec onto the engine's requests (one place, so diff, sync and get agree).</summary>
internal static class SyncRequests
{
    public static SyncOptionSet Options(Application app) => SyncOptionSet.From(app.Spec.SyncPolicy?.SyncOptions);

    /// <summary>The app's <c>ignoreDifferences</c>, then the system-wide rules of argocd-cm (<c>resource.customizations.ignoreDifferences.*</c>).</summary>
    public static IReadOnlyList<IgnoreRule> IgnoreRules(Application app, IReadOnlyList<IgnoreRule>? systemRules = null) =>
        [.. app.Spec.IgnoreDifferences.Select(IgnoreRule.From), .. systemRules ?? []];

    /// <summary>The namespace given to namespaced objects that have none: the destination's, else the context's.</summary>
    public static string DestinationNamespace(Application app, string contextNamespace) =>
        app.Spec.Destination.Namespace.Length > 0 ? app.Spec.Destination.Namespace : contextNamespace;

    public static CompareRequest Compare(Application app, RenderedApp rendered, string contextNamespace, IReadOnlyList<State.InventoryEntry> inventory,
        IReadOnlyList<IgnoreRule>? systemRules = null) =>
        new(app.Name, DestinationNamespace(app, contextNamespace), rendered.Managed, inventory, IgnoreRules(app, systemRules), Options(app));

    public static SyncRequest Sync(AppDefinition definition, RenderedApp rendered, string contextNamespace, AppSyncSettings settings,
        IReadOnlyList<IgnoreRule>? systemRules = null)
    {
        var app = definition.Application;
        var policy = app.Spec.SyncPolicy;
        return new SyncRequest(
            AppName: app.Name,
            Revision: rendered.Revision,
            DestinationNamespace: DestinationNamespace(app, contextNamespace),
            Desired: rendered.Managed,
            Initiator: settings.Initiator,
            AppOptions: settings.SyncOptions is { Count: > 0 } extra ? SyncOptionSet.Parse(extra, Options(app)) : Options(app),
            IgnoreDifferences: IgnoreRules(app, systemRules),
            Prune: settings.Prune || policy?.Automated?.Prune == true,
            DryRun: settings.DryRun,
            Resources: settings.Resources,
            Retry: SyncRetry.From(policy?.Retry),
            HealthTimeout: settings.HealthTimeout,
            SourceJson: definition.PinnedManifestJson(rendered.Revisions),
            WaitForLock: settings.WaitForLock,
            HistoryLimit: app.Spec.RevisionHistoryLimit ?? State.OperationCompletion.DefaultHistoryLimit);
    }
}
