using System.Diagnostics;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>
/// Requests per second of the Kubernetes client against the sandbox (HTTPS, in memory): GET, server-side apply of
/// unchanged objects (what a re-sync sends) and of changed ones; then the same 1,000 unchanged objects applied by
/// <c>kubectl apply --server-side</c>, side by side.
/// </summary>
internal sealed class KubernetesClientBenchmark : IBenchmark
{
    private const int Objects = 1000;
    private const int Parallelism = 16;
    private static readonly GroupVersionKind ConfigMap = new("", "v1", "ConfigMap");

    public string Name => "client";
    public string Description => "Kubernetes client against the sandbox: get and apply requests/s, 1,000-object no-op apply vs kubectl";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        using var connection = KubernetesClientFactory.FromKubeconfig(sandbox.KubeconfigPath, options: new KubernetesClientOptions(Qps: 0));
        var client = connection.Client;
        await client.ApplyAsync(KubeObject.ParseJson("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}"""), new ApplyOptions(), cancellationToken);
        var objects = Enumerable.Range(0, Objects).Select(i => Object(i, "v1")).ToList();
        await ForEachAsync(objects, o => client.ApplyAsync(o, new ApplyOptions(), cancellationToken), cancellationToken);

        await Measure("get", 5000, i => client.GetAsync(ConfigMap, "bench", $"cm-{i % Objects:D4}", cancellationToken), cancellationToken);
        var noop = await Measure("apply, unchanged", Objects, i => client.ApplyAsync(objects[i], new ApplyOptions(), cancellationToken), cancellationToken);
        var changed = Enumerable.Range(0, Objects).Select(i => Object(i, "v2")).ToList();
        await Measure("apply, changed", Objects, i => client.ApplyAsync(changed[i], new ApplyOptions(), cancellationToken), cancellationToken);
        await Measure("apply dry-run", Objects, i => client.ApplyAsync(changed[i], new ApplyOptions(DryRun: true), cancellationToken), cancellationToken);
        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < 500; i++) await client.GetAsync(ConfigMap, "bench", $"cm-{i:D4}", cancellationToken);
        Console.WriteLine($"  get, one at a time: {sequential.Elapsed.TotalMilliseconds / 500:F2} ms per request");

        using var dir = new TempDirectory("hawser-bench-kubectl");
        var file = dir.Write("objects.yaml", string.Join("---\n", changed.Select(o => o.ToJson() + "\n")));
        var kubectl = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync(new ProcessSpec(Tools.Kubectl,
            ["apply", "--server-side", "--field-manager=hawser", "--force-conflicts", "-f", file, "--kubeconfig", sandbox.KubeconfigPath], Timeout: TimeSpan.FromMinutes(10)), cancellationToken);
        kubectl.Stop();
        Console.WriteLine($"  kubectl apply --server-side, same {Objects:N0} unchanged objects: {kubectl.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"  ratio: client no-op apply of {Objects:N0} objects is {kubectl.Elapsed / noop:F1}x faster than kubectl");
    }

    private static KubeObject Object(int i, string version) => KubeObject.ParseJson(FormattableString.Invariant($$$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i:D4}}}","namespace":"bench","labels":{"app":"bench","tier":"web","hawser.io/app":"bench"},
         "annotations":{"hawser.io/tracking-id":"bench:/ConfigMap:bench/cm-{{{i:D4}}}"}},
         "data":{"version":"{{{version}}}","config.yaml":"server:\n  port: 8080\n  replicas: 3\n","feature-flags":"a=true,b=false,c=true"}}
        """));

    private static async Task<TimeSpan> Measure(string what, int count, Func<int, Task> request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, _) => await request(i));
        stopwatch.Stop();
        Console.WriteLine($"  {what}: {count:N0} requests in {stopwatch.Elapsed.TotalSeconds:F2} s = {count / stopwatch.Elapsed.TotalSeconds:N0} requests/s ({Parallelism} in flight)");
        return stopwatch.Elapsed;
    }

    private static Task ForEachAsync(IReadOnlyList<KubeObject> objects, Func<KubeObject, Task> action, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (o, _) => await action(o));
}
