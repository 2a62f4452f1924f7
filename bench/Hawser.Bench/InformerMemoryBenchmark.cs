using System.Diagnostics;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;

namespace Hawser.Bench;

/// <summary>Managed memory an informer holds for 10,000 ConfigMaps (with and without managedFields), and its list time.</summary>
internal sealed class InformerMemoryBenchmark : IBenchmark
{
    private const int Objects = 10_000;
    private static readonly GroupVersionKind ConfigMap = new("", "v1", "ConfigMap");

    public string Name => "informer";
    public string Description => "informer memory and sync time for 10,000 objects from the sandbox";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        using var connection = KubernetesClientFactory.FromKubeconfig(sandbox.KubeconfigPath, options: new KubernetesClientOptions(Qps: 0));
        var client = connection.Client;
        await client.ApplyAsync(KubeObject.ParseJson("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}"""), new ApplyOptions(), cancellationToken);
        var seeding = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Objects, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.ApplyAsync(KubeObject.ParseJson(FormattableString.Invariant($$$"""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i:D5}}}","namespace":"bench","labels":{"app":"bench","shard":"s{{{i % 10}}}"},
                 "annotations":{"hawser.io/tracking-id":"bench:/ConfigMap:bench/cm-{{{i:D5}}}"}},"data":{"key":"value-{{{i}}}","config":"port=8080"}}
                """)), new ApplyOptions(), ct));
        Console.WriteLine($"  seeded {Objects:N0} ConfigMaps by server-side apply in {seeding.Elapsed.TotalSeconds:F1} s ({Objects / seeding.Elapsed.TotalSeconds:N0}/s)");

        var listing = Stopwatch.StartNew();
        var list = await client.ListAsync(ConfigMap, new ListOptions("bench"), cancellationToken);
        Console.WriteLine($"  list of {list.Items.Count:N0} objects (500 per page) in {listing.Elapsed.TotalMilliseconds:N0} ms");

        // The sandbox shares this process and allocates as it serves, so the informer's heap is measured apart from it:
        // a replay of the same list feeds it, with nothing else running between the two heap readings.
        await MeasureAsync(new ReplayClient(list), dropManagedFields: true, cancellationToken);
        await MeasureAsync(new ReplayClient(list), dropManagedFields: false, cancellationToken);
        await MeasureAsync(client, dropManagedFields: true, cancellationToken);
    }

    private static async Task MeasureAsync(IKubernetesClient client, bool dropManagedFields, CancellationToken cancellationToken)
    {
        var live = client is not ReplayClient;
        var before = Settle();
        var stopwatch = Stopwatch.StartNew();
        var informer = Informers.Start(client, ConfigMap, new InformerOptions("bench", DropManagedFields: dropManagedFields));
        await informer.WaitForSyncAsync(cancellationToken);
        stopwatch.Stop();
        var after = Settle();
        var bytes = after - before;
        var stored = ((Informer)informer).StoredBytes;
        var what = $"informer{(dropManagedFields ? "" : " keeping managedFields")}{(live ? " from the sandbox" : "")}";
        Console.WriteLine(live
            ? $"  {what}: {informer.Count:N0} objects listed, stored and watched in {stopwatch.Elapsed.TotalMilliseconds:N0} ms"
            : $"  {what}: {informer.Count:N0} objects, heap +{bytes / 1024.0 / 1024.0:F1} MiB ({bytes / Math.Max(1, informer.Count):N0} B/object, of which {stored / Math.Max(1, informer.Count):N0} B compact JSON), stored in {stopwatch.Elapsed.TotalMilliseconds:N0} ms");
        if (!live)
        {
            var reading = Stopwatch.StartNew();
            var all = informer.List();
            Console.WriteLine($"    reading all {all.Count:N0} back (each read parses a private copy): {reading.Elapsed.TotalMilliseconds:N0} ms");
        }
        await informer.DisposeAsync();
        await Task.Delay(500, cancellationToken);
    }

    /// <summary>Serves one list, then a watch that stays quiet until cancelled: the informer's input without a server.</summary>
    private sealed class ReplayClient(KubeObjectList list) : IKubernetesClient
    {
        public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken) =>
            Task.FromResult(new KubeObjectList(list.Items.Select(o => o.DeepClone()).ToList(), list.ResourceVersion));

        public async IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public void InvalidateDiscovery() => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
        public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException("replay only lists and watches");
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
