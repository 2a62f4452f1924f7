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

        foreach (var dropManagedFields in new[] { true, false })
        {
            var before = Settle();
            var stopwatch = Stopwatch.StartNew();
            await using var informer = Informers.Start(client, ConfigMap, new InformerOptions("bench", DropManagedFields: dropManagedFields));
            await informer.WaitForSyncAsync(cancellationToken);
            stopwatch.Stop();
            var after = Settle();
            var bytes = after - before;
            Console.WriteLine($"  informer{(dropManagedFields ? "" : " keeping managedFields")}: {informer.Count:N0} objects synced in {stopwatch.Elapsed.TotalMilliseconds:N0} ms, " +
                $"{bytes / 1024.0 / 1024.0:F1} MiB managed heap ({bytes / Math.Max(1, informer.Count):N0} bytes per object)");
            GC.KeepAlive(informer);
        }
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
