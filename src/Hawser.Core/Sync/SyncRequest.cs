using Hawser.Compare;
using Hawser.Manifests;

namespace Hawser.Sync;

/// <summary>What to sync.</summary>
/// <param name="AppName">The application; owner in every tracking id and key of its inventory.</param>
/// <param name="Revision">The source revision the desired objects were rendered from (recorded, and used to decide whether a running operation is resumed).</param>
/// <param name="DestinationNamespace">Given to namespaced objects that have none.</param>
/// <param name="Desired">The rendered objects, hooks included.</param>
/// <param name="Initiator">Who started the sync (a user, <c>automated</c>...).</param>
/// <param name="AppOptions">The app's <c>syncPolicy.syncOptions</c>.</param>
/// <param name="IgnoreDifferences">The app's <c>ignoreDifferences</c>.</param>
/// <param name="Prune">Delete what Git no longer declares (<c>--prune</c>, or automated <c>prune: true</c>); otherwise such objects are reported as Skipped.</param>
/// <param name="DryRun">Compute the plan and the diffs; write nothing.</param>
/// <param name="Resources">Selective sync: only these objects (hooks are not run, as in Argo CD); null or empty for all.</param>
/// <param name="Retry">Retry of a failed sync; null for none.</param>
/// <param name="HealthTimeout">How long one wave may take to become healthy; default 5 minutes.</param>
/// <param name="SourceJson">The source(s) as JSON, stored with the operation so that a rollback can re-sync exactly this.</param>
/// <param name="HistoryLimit">The app's <c>revisionHistoryLimit</c>.</param>
/// <param name="Permission">
/// Why an object may not be written or deleted (the app's AppProject rules), or null when it may; checked for every task
/// before anything is written: one refusal fails the operation and nothing is written.
/// </param>
/// <param name="WaitForLock">When another sync of the app holds its lock: wait for it to end instead of failing at once.</param>
public sealed record SyncRequest(
    string AppName,
    string Revision,
    string DestinationNamespace,
    IReadOnlyList<KubeObject> Desired,
    string Initiator = "unknown",
    SyncOptionSet? AppOptions = null,
    IReadOnlyList<IgnoreRule>? IgnoreDifferences = null,
    bool Prune = false,
    bool DryRun = false,
    IReadOnlyList<ResourceSelector>? Resources = null,
    SyncRetry? Retry = null,
    TimeSpan? HealthTimeout = null,
    string SourceJson = "{}",
    int HistoryLimit = Hawser.State.OperationCompletion.DefaultHistoryLimit,
    Func<ResourceKey, string?>? Permission = null,
    bool WaitForLock = false);

/// <summary>One object named for a selective sync (the CLI's <c>--resource GROUP:KIND:NAME</c>).</summary>
/// <param name="Group">The API group, empty for core.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The namespace, or null for any.</param>
public sealed record ResourceSelector(string Group, string Kind, string Name, string? Namespace = null)
{
    /// <summary>Parses <c>GROUP:KIND:NAME</c> or <c>GROUP:KIND:NAMESPACE/NAME</c>.</summary>
    public static ResourceSelector Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
            throw new FormatException($"resource '{text}' must have the form GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME");
        var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new ResourceSelector(parts[0], parts[1], parts[2])
            : new ResourceSelector(parts[0], parts[1], parts[2][(slash + 1)..], parts[2][..slash]);
    }

    /// <summary>True when <paramref name="key"/> is the named object.</summary>
    public bool Matches(ResourceKey key) =>
        key.Group == Group && key.Kind == Kind && key.Name == Name && (Namespace is null || Namespace == key.Namespace);
}

/// <summary>
/// Retry of a failed sync (Argo CD's <c>syncPolicy.retry</c>): up to <paramref name="Limit"/> more attempts (negative: unlimited),
/// the first after <paramref name="Duration"/>, each next one <paramref name="Factor"/> times longer, never longer than <paramref name="MaxDuration"/>.
/// </summary>
public sealed record SyncRetry(int Limit, TimeSpan Duration, double Factor, TimeSpan MaxDuration)
{
    /// <summary>The engine's form of an Application's <c>syncPolicy.retry</c>; null when the app declares none.</summary>
    public static SyncRetry? From(Hawser.Apps.RetryStrategy? retry) =>
        retry is null ? null : new SyncRetry(retry.Limit, retry.Backoff.Duration, retry.Backoff.Factor, retry.Backoff.MaxDuration);

    /// <summary>Argo CD's default backoff (5s, ×2, at most 3m) with <paramref name="limit"/> retries.</summary>
    public static SyncRetry WithDefaults(int limit) => new(limit, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(3));

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var seconds = Duration.TotalSeconds * Math.Pow(Factor <= 0 ? 1 : Factor, retry - 1);
        return seconds >= MaxDuration.TotalSeconds ? MaxDuration : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>True when retry number <paramref name="retry"/> (1-based) is allowed.</summary>
    public bool Allows(int retry) => Limit < 0 || retry <= Limit;
}
