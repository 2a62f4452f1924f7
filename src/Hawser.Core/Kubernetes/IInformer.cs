using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>
/// A live, read-only cache of one kind's objects (list, then watch), keyed by <see cref="ResourceKey"/>. It re-lists after
/// a 410 Gone or a failed watch and reports every change (re-list differences included) to <see cref="InformerOptions.OnChange"/>.
/// Start one with <see cref="Informers.Start"/>; dispose it to stop. Objects are kept as compact JSON and parsed on each
/// <see cref="Get"/> or <see cref="List"/>, so what a reader gets is its own copy.
/// </summary>
public interface IInformer : IAsyncDisposable
{
    /// <summary>The kind watched.</summary>
    GroupVersionKind Kind { get; }

    /// <summary>Whether the first list has completed.</summary>
    bool HasSynced { get; }

    /// <summary>Number of objects currently known.</summary>
    int Count { get; }

    /// <summary>Completes after the first list; throws when the first list failed with an error that waiting does not fix
    /// (unknown kind, forbidden, unauthorized).</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>The object with this key, or null.</summary>
    KubeObject? Get(ResourceKey key);

    /// <summary>A snapshot of every object (of one namespace when <paramref name="namespace"/> is not empty), ordered by key.</summary>
    IReadOnlyList<KubeObject> List(string @namespace = "");
}

/// <summary>What an informer watches and whom it tells.</summary>
/// <param name="Namespace">One namespace, or empty for all.</param>
/// <param name="DropManagedFields">Forget <c>metadata.managedFields</c> of cached objects (a large share of their memory).</param>
/// <param name="KeepManagerSummary">With <paramref name="DropManagedFields"/>: keep each managedFields entry's manager, operation,
/// time and subresource and drop only its field set, which is enough to tell who wrote an object last.</param>
/// <param name="OnChange">Called on the informer's loop for each change, in order; keep it short (queue the work).</param>
public sealed record InformerOptions(
    string Namespace = "",
    string? LabelSelector = null,
    string? FieldSelector = null,
    bool DropManagedFields = true,
    Action<InformerChange>? OnChange = null,
    bool KeepManagerSummary = false);

/// <summary>One change seen by an informer: <see cref="WatchEventType.Added"/>, <see cref="WatchEventType.Modified"/> or
/// <see cref="WatchEventType.Deleted"/>, with the object after (null when deleted) and before (null when added).</summary>
public sealed record InformerChange(WatchEventType Type, ResourceKey Key, KubeObject? Object, KubeObject? Previous);
