using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Server;
using Hawser.Testing;
using Microsoft.Extensions.Logging;

namespace Hawser.Bench;

/// <summary>
/// The flux-benchmark workload for <c>hawser server</c>: N apps (default 1,000; <c>HAWSER_BENCH_APPS</c>), each a Deployment
/// (replicas 0), ServiceAccount, Service and Ingress in its own namespace, declared by one Git repository (app-of-apps),
/// synced by the server from an empty sandbox; <c>HAWSER_BENCH_LAYOUT=appset</c> declares the apps with one ApplicationSet (a
/// git directories generator over <c>workloads/*</c>) instead of one Application file each; <c>HAWSER_BENCH_OBJECTS</c> (at
/// least 4) gives each app that many objects, the ones past the first four ConfigMaps (DESIGN's steady-memory budget is for
/// 1,000 apps of 20 objects: at most 200 MB). Prints: server start to all Synced + Healthy and the server's peak RSS (the
/// real <c>hawser server</c> process), idle CPU per minute, then (a server in this process on the same data) one full
/// refresh of every unchanged app with the API requests it made, one app changed in Git synced after a refresh request
/// (and how many apps were rendered again), and a kubectl-style edit healed by selfHeal.
/// Budgets: ≤ 60 s and ≤ 150 MB; full refresh no write, no dry run, ≤ 2 s; changed app ≤ 2 s; drift ≤ 5 s.
/// </summary>
internal sealed class ControllerBenchmark : IBenchmark
{
    private static readonly GroupVersionKind ServiceKind = new("", "v1", "Service");

    public string Name => "controller";
    public string Description => "hawser server, N apps x 4 objects (Deployment, ServiceAccount, Service, Ingress): start to all Synced+Healthy, RSS, idle CPU, full refresh, commit, drift";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("HAWSER_BENCH_APPS"), CultureInfo.InvariantCulture, out var n) ? n : 1000;
        var objects = int.TryParse(Environment.GetEnvironmentVariable("HAWSER_BENCH_OBJECTS"), CultureInfo.InvariantCulture, out var o) ? Math.Max(4, o) : 4;
        using var work = new TempDirectory("hawser-bench-controller");
        // A real cluster's controllers report a Deployment of 0 replicas available within a fraction of a second.
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) },
        }, cancellationToken);
        var repo = await GitTestRepository.InitAsync(Path.Combine(work.Path, "config"), cancellationToken);
        var repoUrl = "file://" + repo.Path;
        var appSet = Environment.GetEnvironmentVariable("HAWSER_BENCH_LAYOUT") == "appset";
        if (appSet) repo.Write("apps/workloads.yaml", ApplicationSet(repoUrl));
        for (var i = 0; i < count; i++) WriteApp(repo, repoUrl, $"app-{i:D4}", appSet, objects);
        await repo.CommitAsync($"{count} apps", cancellationToken);
        var data = Path.Combine(work.Path, "data");

        // 1. The real server process, from an empty cluster.
        var (seconds, peakMiB, steadyMiB, idleCpu, idleWrites) = await RunServerProcessAsync(sandbox, repoUrl, data, count, cancellationToken);
        Console.WriteLine($"  {count} apps x {objects} objects, one repository ({(appSet ? "one ApplicationSet" : "app-of-apps")}), sandbox on 127.0.0.1");
        Console.WriteLine($"  server start to all Synced + Healthy: {seconds,6:F1} s      (budget <= 60 s; Flux: 256 s on 16 cores)");
        Console.WriteLine($"  server peak RSS:                     {peakMiB,6:F0} MiB    (budget <= 150 MB; Flux kustomize-controller: 175 MiB)");
        Console.WriteLine($"  server steady RSS (idle):            {steadyMiB,6:F0} MiB    (budget for 1,000 apps x 20 objects <= 200 MB)");
        Console.WriteLine($"  idle CPU:                            {idleCpu,6:F2} CPU-s per minute, {idleWrites} API writes while idle");

        // 2. The same data, served by a server in this process: full refresh, a commit, a drift.
        var rendered = new EventCounter(2101);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(rendered));
        var options = new ServerOptions("127.0.0.1:0", data, [new RootSource.Repository(repoUrl, "apps", "main")], sandbox.KubeconfigPath, null,
            ControllerOptions.Default with { ReconcileJitter = TimeSpan.Zero, RepoPollInterval = TimeSpan.FromMinutes(3) });
        await using var server = await HawserServer.StartAsync(options, loggers, cancellationToken);
        var controller = server.Controller;
        await WaitAsync(() => controller.IsReady && Enumerable.Range(0, count).All(i => controller.StatusOf($"app-{i:D4}") is { IsSyncedAndHealthy: true }), TimeSpan.FromMinutes(2), "restart");

        var before = Snapshot(sandbox);
        var refreshed = Stopwatch.StartNew();
        var marks = controller.Catalog.Entries.Keys.ToDictionary(k => k, k => controller.StatusOf(k)?.ReconciledAt);
        foreach (var app in marks.Keys) controller.Refresh(app, resolveRevisions: false);
        await WaitAsync(() => marks.All(m => controller.StatusOf(m.Key)?.ReconciledAt != m.Value), TimeSpan.FromMinutes(1), "full refresh");
        refreshed.Stop();
        var after = Snapshot(sandbox);
        Console.WriteLine($"  full refresh of {marks.Count} unchanged apps: {refreshed.Elapsed.TotalSeconds,6:F2} s, API writes {after.Writes - before.Writes}, dry runs {after.DryRuns - before.DryRuns}, reads {after.Reads - before.Reads} (budget <= 2 s, no write, no dry run)");

        using var kubectl = KubernetesClientFactory.FromKubeconfig(sandbox.KubeconfigPath, null);
        var renderedBefore = rendered.Count;
        await repo.Write("workloads/app-0007/service.yaml", Service("app-0007", 8081)).CommitAsync("app-0007: port 8081", cancellationToken);
        var commit = Stopwatch.StartNew();
        controller.Refresh("app-0007");
        await WaitAsync(async () => await PortAsync(kubectl.Client, "app-0007") == 8081, TimeSpan.FromSeconds(30), "the changed app");
        commit.Stop();
        await Task.Delay(500, cancellationToken);
        Console.WriteLine($"  one app changed in Git, refresh requested: synced in {commit.Elapsed.TotalSeconds,5:F2} s, apps rendered again: {rendered.Count - renderedBefore} (budget <= 2 s, only that app)");

        var drift = Stopwatch.StartNew();
        await kubectl.Client.PatchAsync(ServiceKind, "app-0042", "app-0042", PatchType.Merge, """{"spec":{"selector":{"app":"edited"}}}""",
            new WriteOptions(FieldManager: "kubectl-edit"), cancellationToken);
        await WaitAsync(async () => await SelectorAsync(kubectl.Client, "app-0042") == "app-0042", TimeSpan.FromSeconds(30), "the drift healed");
        drift.Stop();
        Console.WriteLine($"  kubectl edit healed by selfHeal in     {drift.Elapsed.TotalSeconds,5:F2} s (budget <= 5 s)");
    }

    private static async Task<(double Seconds, double PeakMiB, double SteadyMiB, double IdleCpuPerMinute, long IdleWrites)> RunServerProcessAsync(
        SandboxServer sandbox, string repoUrl, string data, int count, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo(HawserProgram.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "server", "--repo", repoUrl, "--path", "apps", "--revision", "main", "--kubeconfig", sandbox.KubeconfigPath, "--data-dir", data, "--listen", $"127.0.0.1:{port}" })
            info.ArgumentList.Add(a);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var log = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            double peak = 0;
            double seconds;
            while (true)
            {
                peak = Math.Max(peak, Proc.HighWaterMarkKiB(process.Id) / 1024.0);
                if (process.HasExited) throw new InvalidOperationException($"the server exited ({process.ExitCode})");
                if (await HealthyAppsAsync(http, data, cancellationToken) >= count)
                {
                    seconds = stopwatch.Elapsed.TotalSeconds;
                    break;
                }
                if (stopwatch.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("not all apps became Synced and Healthy within 10 minutes");
                await Task.Delay(250, cancellationToken);
            }
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var cpuBefore = Proc.CpuSeconds(process.Id);
            var writesBefore = sandbox.Requests.Writes;
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            var idle = (Proc.CpuSeconds(process.Id) - cpuBefore) * 2;
            var idleWrites = sandbox.Requests.Writes - writesBefore;
            peak = Math.Max(peak, Proc.HighWaterMarkKiB(process.Id) / 1024.0);
            var steady = Proc.ResidentKiB(process.Id) / 1024.0;
            return (seconds, peak, steady, idle, idleWrites);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await StopAsync(process);
            var lines = (await log).Split('\n');
            Console.Error.WriteLine($"  the server's last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(40))}");
            throw;
        }
        finally
        {
            await StopAsync(process);
        }
    }

    // SIGTERM, as a user stops the server; killed if it has not stopped within 30 seconds.
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        await Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExitAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<int> HealthyAppsAsync(HttpClient http, string data, CancellationToken cancellationToken)
    {
        var state = Path.Combine(data, "server.json");
        if (!File.Exists(state)) return 0;
        try
        {
            var token = JsonNode.Parse(await File.ReadAllTextAsync(state, cancellationToken))!["token"]!.GetValue<string>();
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/applications");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return 0;
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["items"]!.AsArray();
            return items.Count(a => a!["metadata"]!["name"]!.GetValue<string>() != RootSource.RepoRootName
                && a["status"]!["sync"]!["status"]!.GetValue<string>() == "Synced" && a["status"]!["health"]!["status"]!.GetValue<string>() == "Healthy");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            return 0;
        }
    }

    private static (long Reads, long Writes, long DryRuns) Snapshot(SandboxServer sandbox) =>
        (sandbox.Requests.Reads, sandbox.Requests.Writes, sandbox.Requests.DryRuns);

    private static async Task<long?> PortAsync(IKubernetesClient cluster, string app)
    {
        var service = await cluster.GetAsync(ServiceKind, app, app, CancellationToken.None);
        return service?.Body["spec"]?["ports"]?[0]?["port"]?.GetValue<long>();
    }

    private static async Task<string?> SelectorAsync(IKubernetesClient cluster, string app)
    {
        var service = await cluster.GetAsync(ServiceKind, app, app, CancellationToken.None);
        return service?.Body["spec"]?["selector"]?["app"]?.GetValue<string>();
    }

    private static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static string ApplicationSet(string repoUrl) => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: workloads}
        spec:
          goTemplate: true
          generators:
          - git:
              repoURL: "{{{repoUrl}}}"
              revision: main
              directories: [{path: "workloads/*"}]
          template:
            metadata: {name: "{{.path.basename}}"}
            spec:
              project: default
              source: {repoURL: "{{{repoUrl}}}", targetRevision: main, path: "{{.path.path}}"}
              destination: {server: "https://kubernetes.default.svc", namespace: "{{.path.basename}}"}
              syncPolicy:
                automated: {prune: true, selfHeal: true}
                syncOptions: [CreateNamespace=true]
        """;

    private static void WriteApp(GitTestRepository repo, string repoUrl, string name, bool appSet, int objects)
    {
        if (!appSet) repo.Write($"apps/{name}.yaml", $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: {{{name}}}}
            spec:
              project: default
              source: {repoURL: "{{{repoUrl}}}", targetRevision: main, path: workloads/{{{name}}}}
              destination: {server: "https://kubernetes.default.svc", namespace: {{{name}}}}
              syncPolicy:
                automated: {prune: true, selfHeal: true}
                syncOptions: [CreateNamespace=true]
            """);
        repo.Write($"workloads/{name}/deployment.yaml", $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{{name}}}, labels: {app: {{{name}}}}}
            spec:
              replicas: 0
              selector: {matchLabels: {app: {{{name}}}}}
              template:
                metadata: {labels: {app: {{{name}}}}}
                spec:
                  serviceAccountName: {{{name}}}
                  containers: [{name: app, image: "ghcr.io/stefanprodan/podinfo:6.7.0", ports: [{containerPort: 8080}]}]
            """);
        repo.Write($"workloads/{name}/serviceaccount.yaml", $$$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: {{{name}}}}
            """);
        repo.Write($"workloads/{name}/service.yaml", Service(name, 80));
        for (var i = 4; i < objects; i++) repo.Write($"workloads/{name}/config-{i}.yaml", $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: config-{{{i}}}}
            data: {app: {{{name}}}, index: "{{{i}}}"}
            """);
        repo.Write($"workloads/{name}/ingress.yaml", $$$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: {{{name}}}}
            spec:
              rules:
              - host: {{{name}}}.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: {{{name}}}
                        port: {number: 80}
            """);
    }

    private static string Service(string name, int port) => $$$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{{name}}}}
        spec:
          selector: {app: {{{name}}}}
          ports: [{name: http, port: {{{port}}}, targetPort: 8080}]
        """;

    /// <summary>Counts log events of one id (here: renders that missed the cache).</summary>
    private sealed class EventCounter(int eventId) : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (id.Id == eventId) Interlocked.Increment(ref _count);
        }

        public void Dispose()
        {
        }
    }
}
