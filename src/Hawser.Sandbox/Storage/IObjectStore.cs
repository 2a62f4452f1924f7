using System.Text.Json.Nodes;
using System.Threading.Channels;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Storage;

/// <summary>
/// The sandbox's object store: every object the API serves, keyed by (group/resource, namespace, name), versioned by one
/// global, monotonically increasing resourceVersion, with a bounded history of changes for watches.
/// <para>
/// How to use it from a controller (workload simulation, garbage collection): <see cref="Get"/> or <see cref="List"/> an
/// object, call <see cref="StoredObject.ToJsonObject"/> for a private copy, change it, and <see cref="Update"/> it with the
/// resourceVersion you read as <c>expectedResourceVersion</c>; an <see cref="ApiException"/> with code 409 means someone
/// wrote in between: read again and retry. <see cref="Watch"/> delivers every later change, in order, without gaps.
/// </para>
/// <para>
/// The store only versions and indexes; it does not apply API semantics (uid, generation, validation, finalizers,
/// namespaces): the HTTP write path does. A controller that changes <c>status</c> only needs none of that.
/// Objects handed to <see cref="Create"/> and <see cref="Update"/> belong to the store afterwards.
/// </para>
/// </summary>
internal interface IObjectStore
{
    /// <summary>The resourceVersion of the last write.</summary>
    long ResourceVersion { get; }

    /// <summary>The object, or null.</summary>
    StoredObject? Get(GroupResource resource, string ns, string name);

    /// <summary>Objects of one resource, in one namespace or (null) all, ordered by namespace then name, with the resourceVersion they are current at.</summary>
    (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(GroupResource resource, string? ns);

    /// <summary>Every object of every resource in one namespace (empty string: cluster-scoped ones), ordered by resource, then name.</summary>
    IReadOnlyList<StoredObject> ListNamespace(string ns);

    /// <summary>Every object whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    IReadOnlyList<StoredObject> ListDependents(string ownerUid);

    /// <summary>Stores a new object; 409 AlreadyExists when the name is taken.</summary>
    StoredObject Create(GroupResource resource, JsonObject body);

    /// <summary>Replaces an object; 404 when missing, 409 Conflict when <paramref name="expectedResourceVersion"/> is stale.</summary>
    StoredObject Update(GroupResource resource, JsonObject body, long? expectedResourceVersion);

    /// <summary>Removes an object; returns its last state (with the deletion's resourceVersion), or null when it was already gone.</summary>
    StoredObject? Delete(GroupResource resource, string ns, string name, long? expectedResourceVersion);

    /// <summary>
    /// Changes after <paramref name="fromResourceVersion"/> (null: from now on) to one resource (null: all), in one namespace
    /// (null: all). Throws 410 Expired when that version is older than the retained history. Dispose to stop.
    /// </summary>
    /// With <paramref name="initialEvents"/>, the current objects come first as Added events (the "resourceVersion=0" watch).
    WatchSubscription Watch(GroupResource? resource, string? ns, long? fromResourceVersion, bool initialEvents = false);
}

/// <summary>What happened to an object.</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One change: the object after it (for Deleted, its last state stamped with the deletion's resourceVersion), and for
/// Modified the state before it (so a filtered watch can tell an object entering or leaving its selection).
/// </summary>
internal sealed record WatchEvent(WatchEventType Type, StoredObject Object, StoredObject? Previous = null);

/// <summary>A live feed of changes from <see cref="IObjectStore.Watch"/>; dispose to unsubscribe.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> _unsubscribe;
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public WatchSubscription(GroupResource? resource, string? ns, Action<WatchSubscription> unsubscribe)
    {
        Resource = resource;
        Namespace = ns;
        _unsubscribe = unsubscribe;
    }

    public GroupResource? Resource { get; }

    /// <summary>The resourceVersion the feed starts after (set when subscribing).</summary>
    public long StartResourceVersion { get; internal set; }
    public string? Namespace { get; }

    /// <summary>The events, in resourceVersion order.</summary>
    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal bool Matches(StoredObject obj) =>
        (Resource is null || Resource.Value == obj.Resource) && (Namespace is null || Namespace == obj.Namespace);

    internal void Publish(WatchEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
