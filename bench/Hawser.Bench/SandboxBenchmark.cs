using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hawser.Processes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>
/// The sandbox: ConfigMaps created per second through server-side apply (direct HTTP with 8 concurrent requests, and the
/// real <c>kubectl apply --server-side</c>), list latency at 10,000 objects (JSON and Table), and memory at 10,000 objects.
/// </summary>
internal sealed class SandboxBenchmark : IBenchmark
{
    private const int Objects = 10_000;
    private const int KubectlObjects = 500;

    public string Name => "sandbox";
    public string Description => "sandbox: SSA creates/s (HTTP and kubectl), list latency and memory at 10,000 objects";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new() { Enabled = false } }, cancellationToken);
        using var http = Client(server);
        await Send(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}""", "application/json", cancellationToken);
        await Send(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kubectl"}}""", "application/json", cancellationToken);

        for (var i = 0; i < 200; i++) await ApplyAsync(http, $"warm-{i}", cancellationToken);
        ForceGc();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Objects - 200), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => await ApplyAsync(http, $"cm-{i:D5}", ct));
        stopwatch.Stop();
        var httpRate = (Objects - 200) / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"  SSA create via HTTP (8 concurrent): {httpRate:N0} objects/s ({Objects - 200:N0} ConfigMaps in {stopwatch.Elapsed.TotalSeconds:F2} s)"));

        var list = await MeasureAsync(http, "/api/v1/namespaces/bench/configmaps", "application/json", cancellationToken);
        Console.WriteLine(Invariant($"  list of {Objects:N0} ConfigMaps (JSON): median {list.Median:F1} ms, {list.Bytes / 1024.0 / 1024.0:F1} MiB"));
        var table = await MeasureAsync(http, "/api/v1/namespaces/bench/configmaps", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json", cancellationToken);
        Console.WriteLine(Invariant($"  list of {Objects:N0} ConfigMaps (Table, as kubectl get): median {table.Median:F1} ms"));
        var page = await MeasureAsync(http, "/api/v1/namespaces/bench/configmaps?limit=500", "application/json", cancellationToken);
        Console.WriteLine(Invariant($"  first page of 500 (limit=500): median {page.Median:F1} ms"));

        ForceGc();
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;
        Console.WriteLine(Invariant($"  process RSS at {Objects:N0} objects: {rssAfter / 1024.0 / 1024.0:F0} MiB (+{(rssAfter - rssBefore) / 1024.0 / 1024.0:F0} MiB during the concurrent load; server and benchmark client share the process)"));
        _ = heapBefore;

        await KubectlAsync(server, httpRate, cancellationToken);
        await MemoryAsync(cancellationToken);
    }

    /// <summary>Managed memory the objects themselves hold: a fresh sandbox loaded over one connection, heap measured before and after.</summary>
    private static async Task MemoryAsync(CancellationToken cancellationToken)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new() { Enabled = false } }, cancellationToken);
        using var http = Client(server);
        await Send(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}""", "application/json", cancellationToken);
        for (var i = 0; i < 100; i++) await ApplyAsync(http, $"warm-{i}", cancellationToken);
        ForceGc();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Objects; i++) await ApplyAsync(http, $"cm-{i:D5}", cancellationToken);
        ForceGc();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(Invariant($"  memory at {Objects:N0} objects: managed heap +{(after - before) / 1024.0 / 1024.0:F1} MiB ({(after - before) / (double)Objects:N0} bytes per object, indexes and watch history included)"));
    }

    private static async Task KubectlAsync(SandboxServer server, double httpRate, CancellationToken cancellationToken)
    {
        var kubectl = Tools.Find("kubectl");
        if (kubectl is null)
        {
            Console.WriteLine("  kubectl not installed (run scripts/setup.sh): skipping the kubectl figure");
            return;
        }
        using var work = new TempDirectory("sandbox-bench");
        var manifest = new StringBuilder();
        for (var i = 0; i < KubectlObjects; i++)
            manifest.Append(Invariant($"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k-{i:D4}\n  namespace: kubectl\ndata:\n  key: value-{i}\n"));
        var file = work.Write("objects.yaml", manifest.ToString());
        var args = new[] { "--kubeconfig", server.KubeconfigPath, "--cache-dir", Path.Combine(work.Path, "cache"), "apply", "--server-side", "-f", file };
        await ProcessRunner.RunCheckedAsync(new ProcessSpec(kubectl, ["--kubeconfig", server.KubeconfigPath, "--cache-dir", Path.Combine(work.Path, "cache"), "version"]), cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync(new ProcessSpec(kubectl, args, Timeout: TimeSpan.FromMinutes(10)), cancellationToken);
        stopwatch.Stop();
        var rate = KubectlObjects / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"  SSA create via kubectl apply --server-side: {rate:N0} objects/s ({KubectlObjects} ConfigMaps in {stopwatch.Elapsed.TotalSeconds:F2} s); direct HTTP is {httpRate / rate:F1}x faster"));
    }

    private static Task ApplyAsync(HttpClient http, string name, CancellationToken cancellationToken) =>
        Send(http, HttpMethod.Patch, $"/api/v1/namespaces/bench/configmaps/{name}?fieldManager=bench&force=true",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"app":"bench"}},"data":{"key":"value","other":"{{{name}}}"}}""",
            "application/apply-patch+yaml", cancellationToken);

    private static async Task Send(HttpClient http, HttpMethod method, string path, string body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static async Task<(double Median, long Bytes)> MeasureAsync(HttpClient http, string path, string accept, CancellationToken cancellationToken)
    {
        var timings = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var stopwatch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            stopwatch.Stop();
            bytes = content.Length;
            if (i >= 2) timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return (timings[timings.Count / 2], bytes);
    }

    private static HttpClient Client(SandboxServer server)
    {
        var ca = X509Certificate2.CreateFromPem(server.CaCertificatePem);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    if (cert is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(cert));
                },
            },
        };
        var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return http;
    }

    private static void ForceGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
