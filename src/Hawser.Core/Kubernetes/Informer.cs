using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Kubernetes;

/// <summary>Starts informers.</summary>
public static class Informers
{
    /// <summary>Starts listing and watching <paramref name="kind"/> in the background.</summary>
    public static IInformer Start(IKubernetesClient client, GroupVersionKind kind, InformerOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        var informer = new Informer(client, kind, options, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
        informer.Start();
        return informer;
    }
}

/// <summary>
/// The informer loop: list → replace the cache (reporting differences) → watch from the list's resourceVersion →
/// on 410 re-list at once; on any other failure re-list after a growing delay (1 s to 30 s).
/// </summary>
internal sealed class Informer(IKubernetesClient client, GroupVersionKind kind, InformerOptions options, ILogger logger, TimeProvider time) : IInformer
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<ResourceKey, StoredObject> _objects = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _writeLock = new();
    private Task _loop = Task.CompletedTask;

    public GroupVersionKind Kind => kind;

    public bool HasSynced => _synced.Task.IsCompletedSuccessfully;

    public int Count => _objects.Count;

    /// <summary>Bytes of JSON held for the current objects (what the cache costs, before per-entry overhead).</summary>
    public long StoredBytes => _objects.Values.Sum(o => (long)o.Size);

    /// <summary>Lists done so far (the first one included); for tests and diagnostics.</summary>
    public int Lists { get; private set; }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public KubeObject? Get(ResourceKey key) => _objects.TryGetValue(key, out var stored) ? stored.Materialize() : null;

    // ToArray takes one consistent snapshot; LINQ straight over the dictionary sizes its buffer, then copies, and fails when
    // a watch event adds an object in between. Only the namespace asked for is parsed.
    public IReadOnlyList<KubeObject> List(string @namespace = "") => _objects.ToArray()
        .Where(p => @namespace.Length == 0 || p.Key.Namespace == @namespace)
        .OrderBy(p => p.Key).Select(p => p.Value.Materialize()).ToList();

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Takes in an object this process just wrote, so that reads right after a write see it before its watch event
    /// arrives. Ignored unless its resourceVersion is newer than the cached one (numeric resourceVersions only; an opaque
    /// one waits for the watch).
    /// </summary>
    internal void Observe(KubeObject written)
    {
        if (!HasSynced || !ulong.TryParse(written.ResourceVersion, out var version)) return;
        lock (_writeLock)
        {
            if (_objects.TryGetValue(written.Key, out var stored) && (!ulong.TryParse(stored.ResourceVersion, out var cached) || cached >= version)) return;
            UpsertLocked(Trim(written.DeepClone()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected way out of the loop.
        }
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = MinDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(cancellationToken);
                _synced.TrySetResult();
                delay = MinDelay;
                var watch = new WatchOptions(options.Namespace, resourceVersion, options.LabelSelector, options.FieldSelector);
                await foreach (var e in client.WatchAsync(kind, watch, cancellationToken)) Apply(e);
            }
            catch (GoneException)
            {
                KubernetesLog.InformerGone(logger, kind.ToString());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!HasSynced && IsPermanent(e))
            {
                _synced.TrySetException(e);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                KubernetesLog.InformerFailed(logger, kind.ToString(), delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, time, cancellationToken);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
    }

    // Its own method so that the listed objects are garbage once stored, not kept alive by the watch loop.
    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(kind, new ListOptions(options.Namespace, options.LabelSelector, options.FieldSelector), cancellationToken);
        Lists++;
        Replace(list.Items);
        KubernetesLog.InformerListed(logger, kind.ToString(), list.Items.Count, list.ResourceVersion);
        return list.ResourceVersion;
    }

    private static bool IsPermanent(Exception e) =>
        e is UnknownKindException or ForbiddenException or UnauthorizedException or NotFoundException or KubeconfigException;

    private void Replace(IReadOnlyList<KubeObject> items)
    {
        var seen = new HashSet<ResourceKey>();
        foreach (var item in items)
        {
            seen.Add(item.Key);
            Upsert(Trim(item));
        }
        foreach (var key in _objects.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_objects.TryRemove(key, out var removed)) Notify(WatchEventType.Deleted, key, null, removed);
        }
    }

    private void Apply(WatchEvent e)
    {
        switch (e.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                Upsert(Trim(e.Object));
                break;
            case WatchEventType.Deleted:
                if (_objects.TryRemove(e.Object.Key, out var removed)) Notify(WatchEventType.Deleted, e.Object.Key, null, removed);
                break;
        }
    }

    private void Upsert(KubeObject obj)
    {
        lock (_writeLock) UpsertLocked(obj);
    }

    private void UpsertLocked(KubeObject obj)
    {
        var key = obj.Key;
        _objects.TryGetValue(key, out var previous);
        if (previous is not null && previous.ResourceVersion == obj.ResourceVersion && obj.ResourceVersion.Length > 0) return;
        if (previous is not null && ulong.TryParse(previous.ResourceVersion, out var known) && ulong.TryParse(obj.ResourceVersion, out var incoming) && incoming < known) return;
        _objects[key] = new StoredObject(obj.ResourceVersion, JsonBodies.Serialize(obj.Body).ToArray());
        Notify(previous is null ? WatchEventType.Added : WatchEventType.Modified, key, obj, previous);
    }

    private KubeObject Trim(KubeObject obj)
    {
        if (!options.DropManagedFields) return obj;
        if (options.KeepManagerSummary && obj.Metadata?["managedFields"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>()) entry.Remove("fieldsV1");
        }
        else
        {
            obj.Metadata?.Remove("managedFields");
        }
        return obj;
    }

    private void Notify(WatchEventType type, ResourceKey key, KubeObject? obj, StoredObject? previous)
    {
        if (options.OnChange is null) return;
        var change = new InformerChange(type, key, obj, previous?.Materialize());
        try
        {
            options.OnChange(change);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            KubernetesLog.InformerHandlerFailed(logger, kind.ToString(), change.Key.ToString(), e);
        }
    }
}

/// <summary>
/// An informer's copy of one object: compact UTF-8 JSON (a parsed JSON tree costs about ten times more memory),
/// parsed again on each read, so every reader gets a private copy it may change.
/// </summary>
internal sealed class StoredObject(string resourceVersion, byte[] utf8Json)
{
    public string ResourceVersion { get; } = resourceVersion;

    public int Size => utf8Json.Length;

    public KubeObject Materialize() => new((JsonObject)JsonNode.Parse(utf8Json)!);
}
