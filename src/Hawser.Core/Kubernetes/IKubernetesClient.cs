using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>
/// A dynamic (unstructured) client for one cluster: the only way any Hawser stage talks to Kubernetes.
/// Every method maps to one documented REST call (plus discovery when a kind is first seen).
/// API errors surface as <see cref="KubernetesApiException"/> subclasses carrying the object they concern.
/// </summary>
public interface IKubernetesClient
{
    /// <summary>Resolves a kind to its REST resource, using cached discovery (refreshed once on a miss).</summary>
    /// <exception cref="UnknownKindException">The cluster does not serve the kind.</exception>
    Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken);

    /// <summary>Forgets cached discovery, e.g. after CRDs were applied or deleted.</summary>
    void InvalidateDiscovery();

    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>Lists objects of a kind (all namespaces when <see cref="ListOptions.Namespace"/> is empty), following <c>continue</c> tokens.</summary>
    Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken);

    /// <summary>POST. Never retried blindly: a create is not idempotent.</summary>
    Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken);

    /// <summary>PUT of the whole object; <c>metadata.resourceVersion</c>, when set, is a precondition.</summary>
    Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken);

    /// <summary>PUT to the <c>status</c> subresource.</summary>
    Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken);

    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>): creates or updates the fields this manager owns.</summary>
    Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken);

    /// <summary>PATCH with a merge or JSON patch document.</summary>
    Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken);

    /// <summary>DELETE; returns false when the object was already gone.</summary>
    Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken);

    /// <summary>Watches a kind from <see cref="WatchOptions.ResourceVersion"/>, resuming after dropped streams.
    /// A 410 Gone surfaces as <see cref="GoneException"/> so the caller can re-list.</summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The cluster's version and the API versions it serves (what Argo CD gives manifest generators as <c>KUBE_VERSION</c> and
    /// <c>KUBE_API_VERSIONS</c>); <see cref="ServerCapabilities.Unknown"/> for a client that cannot tell.
    /// </summary>
    Task<ServerCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(ServerCapabilities.Unknown);
}

/// <summary>What a cluster serves, as Argo CD passes it to manifest generation.</summary>
/// <param name="KubeVersion">The version as <c>major.minor.patch</c>, without a leading <c>v</c>, pre-release or build metadata, e.g. <c>1.33.0</c>; empty when unknown.</param>
/// <param name="ApiVersions">Every served group-version and group-version-kind (<c>v1</c>, <c>v1/ConfigMap</c>, <c>apps/v1</c>,
/// <c>apps/v1/Deployment</c>...), sorted.</param>
public sealed record ServerCapabilities(string KubeVersion, IReadOnlyList<string> ApiVersions)
{
    /// <summary>Nothing known.</summary>
    public static ServerCapabilities Unknown { get; } = new("", []);

    /// <summary>Builds the capabilities from <c>/version</c>'s <c>gitVersion</c> and discovery.</summary>
    public static ServerCapabilities From(string gitVersion, IEnumerable<ResourceMapping> mappings)
    {
        // major.minor.patch only, as Argo CD gives it: v1.31.5-eks-1a2b3c or v1.30.7+IKS is 1.31.5 or 1.30.7.
        var version = gitVersion.TrimStart('v');
        var end = version.IndexOfAny(['-', '+']);
        var apiVersions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            apiVersions.Add(mapping.Kind.ApiVersion);
            apiVersions.Add($"{mapping.Kind.ApiVersion}/{mapping.Kind.Kind}");
        }
        return new ServerCapabilities(end < 0 ? version : version[..end], [.. apiVersions]);
    }
}

/// <summary>A kind's REST resource as discovery reports it.</summary>
/// <param name="Kind">The group, version and kind.</param>
/// <param name="Resource">The plural resource name used in URLs, e.g. <c>deployments</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs the server allows.</param>
/// <param name="HasStatusSubresource">Whether <c>/status</c> is served.</param>
public sealed record ResourceMapping(GroupVersionKind Kind, string Resource, bool Namespaced, IReadOnlyList<string> Verbs, bool HasStatusSubresource);

/// <summary>A page-complete list and the resourceVersion to watch from.</summary>
public sealed record KubeObjectList(IReadOnlyList<KubeObject> Items, string ResourceVersion);

/// <summary>What to list.</summary>
/// <param name="Namespace">Empty for all namespaces (or cluster-scoped kinds).</param>
/// <param name="LabelSelector">A label selector, e.g. <c>app=web,tier!=db</c>.</param>
/// <param name="FieldSelector">A field selector, e.g. <c>metadata.name=web</c>.</param>
/// <param name="PageSize">Items per request; 0 lets the client choose.</param>
public sealed record ListOptions(string Namespace = "", string? LabelSelector = null, string? FieldSelector = null, int PageSize = 0);

/// <summary>Options shared by every write.</summary>
/// <param name="DryRun">Server-side dry run (<c>dryRun=All</c>): validated and defaulted, not persisted.</param>
/// <param name="FieldManager">The field manager recorded for the write.</param>
public record WriteOptions(bool DryRun = false, string FieldManager = "hawser");

/// <summary>Server-side apply options.</summary>
/// <param name="Force">Take ownership of conflicting fields (<c>force=true</c>).</param>
public sealed record ApplyOptions(bool DryRun = false, string FieldManager = "hawser", bool Force = true) : WriteOptions(DryRun, FieldManager);

/// <summary>Deletion options.</summary>
/// <param name="PropagationPolicy">Background (default), Foreground or Orphan.</param>
/// <param name="PreconditionUid">Delete only if the object still has this uid.</param>
/// <param name="PreconditionResourceVersion">Delete only if the object still has this resourceVersion.</param>
public sealed record DeleteOptions(
    PropagationPolicy PropagationPolicy = PropagationPolicy.Background,
    bool DryRun = false,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    long? GracePeriodSeconds = null);

/// <summary>How dependents are deleted with their owner.</summary>
public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}

/// <summary>The patch formats of the Kubernetes API.</summary>
public enum PatchType
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,
    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,
    /// <summary><c>application/strategic-merge-patch+json</c> (built-in kinds only).</summary>
    StrategicMerge,
}

/// <summary>What to watch.</summary>
/// <param name="ResourceVersion">Start after this version; empty or "0" replays the current objects as ADDED first.</param>
/// <param name="AllowBookmarks">Ask for BOOKMARK events.</param>
/// <param name="TimeoutSeconds">Server-side stream timeout; the client resumes after it.</param>
public sealed record WatchOptions(
    string Namespace = "",
    string ResourceVersion = "",
    string? LabelSelector = null,
    string? FieldSelector = null,
    bool AllowBookmarks = true,
    int TimeoutSeconds = 300);

/// <summary>The watch event types.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}

/// <summary>One watch event. For bookmarks only the object's resourceVersion is meaningful.</summary>
public sealed record WatchEvent(WatchEventType Type, KubeObject Object);
