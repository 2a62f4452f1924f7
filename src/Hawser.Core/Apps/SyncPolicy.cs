namespace Hawser.Apps;

/// <summary>spec.syncPolicy: automated sync, sync options, retry and the metadata of a namespace Hawser creates.</summary>
/// <param name="Automated">Automated sync settings; null means manual sync only.</param>
/// <param name="SyncOptions">The parsed <c>syncOptions</c> list.</param>
/// <param name="Retry">Retry settings for a failed sync; null means no retry.</param>
/// <param name="ManagedNamespaceMetadata">Labels and annotations for the destination namespace created by <c>CreateNamespace=true</c>.</param>
public sealed record SyncPolicy(
    AutomatedSyncPolicy? Automated,
    SyncOptions SyncOptions,
    RetryStrategy? Retry,
    ManagedNamespaceMetadata? ManagedNamespaceMetadata);

/// <summary>Automated sync: sync whenever Git changes; <see cref="Prune"/> deletes what Git dropped; <see cref="SelfHeal"/> undoes drift;
/// <see cref="AllowEmpty"/> lets a sync prune every object of the app.</summary>
public sealed record AutomatedSyncPolicy(bool Prune, bool SelfHeal, bool AllowEmpty);

/// <summary>Labels and annotations put on a namespace Hawser creates for an app.</summary>
public sealed record ManagedNamespaceMetadata(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>Retry of a failed sync: up to <see cref="Limit"/> times (negative: unlimited), waiting with exponential backoff.</summary>
public sealed record RetryStrategy(int Limit, RetryBackoff Backoff);

/// <summary>Backoff between retries: <see cref="Duration"/>, multiplied by <see cref="Factor"/> each time, capped at <see cref="MaxDuration"/>.
/// Argo CD's defaults: 5s, 2, 3m.</summary>
public sealed record RetryBackoff(TimeSpan Duration, double Factor, TimeSpan MaxDuration)
{
    /// <summary>Argo CD's default backoff.</summary>
    public static readonly RetryBackoff Default = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(3));
}
