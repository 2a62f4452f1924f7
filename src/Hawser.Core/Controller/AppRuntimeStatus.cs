using Hawser.Compare;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Controller;

/// <summary>
/// What the controller last learned about one app by refreshing it: the sync status against the revision it compared
/// to, the health, the per-object statuses and the conditions. Stored (as JSON, <see cref="AppStatusJson"/>) in the app's
/// status snapshot, and shown in Argo CD's <c>Application.status</c> shape.
/// </summary>
/// <param name="Sync">Synced, OutOfSync, or Unknown when the app could not be compared.</param>
/// <param name="Health">The app's health: the worst of its objects', Missing/Unknown when it could not be assessed.</param>
/// <param name="Revisions">The revision of each source compared to.</param>
/// <param name="Resources">One entry per object the app declares or must prune.</param>
/// <param name="Conditions">Errors and warnings.</param>
/// <param name="ReconciledAt">When the refresh ended.</param>
public sealed record AppRuntimeStatus(
    AppSyncStatus Sync,
    HealthResult Health,
    IReadOnlyList<string> Revisions,
    IReadOnlyList<ResourceStatus> Resources,
    IReadOnlyList<AppCondition> Conditions,
    DateTimeOffset ReconciledAt)
{
    /// <summary>The first source's revision, or empty.</summary>
    public string Revision => Revisions.Count > 0 ? Revisions[0] : "";

    /// <summary>True when the app is Synced and Healthy.</summary>
    public bool IsSyncedAndHealthy => Sync == AppSyncStatus.Synced && Health.Status == HealthStatus.Healthy;
}

/// <summary>One object of an app in its status.</summary>
/// <param name="Key">The object.</param>
/// <param name="Version">Its API version (without group).</param>
/// <param name="Status">Synced, OutOfSync, Missing, RequiresPruning or Conflict.</param>
/// <param name="Health">Its health, when its kind has one.</param>
/// <param name="Message">Why, when there is something to say.</param>
public sealed record ResourceStatus(ResourceKey Key, string Version, CompareStatus Status, HealthResult? Health, string Message);
