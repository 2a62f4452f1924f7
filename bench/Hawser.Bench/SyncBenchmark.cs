using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>
/// <c>hawser app sync</c> of 1,000 objects against <c>kubectl apply --server-side -f</c> of the same files, side by side on the
/// same sandbox (each into its own namespace): the first sync, then a no-op re-sync, with each process' peak memory.
/// Both run as the commands a user types. Budgets: first sync faster than kubectl; no-op re-sync ≥ 20× faster.
/// </summary>
internal sealed class SyncBenchmark : IBenchmark
{
    private const int Objects = 1000;

    public string Name => "sync";
    public string Description => "hawser app sync vs kubectl apply --server-side, 1,000 objects: first sync, no-op re-sync, peak memory";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var work = new TempDirectory("hawser-bench-sync");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.Zero },
        }, cancellationToken);

        var manifests = Path.Combine(work.Path, "repo", "objects");
        Directory.CreateDirectory(manifests);
        WriteObjects(manifests);
        var app = Path.Combine(work.Path, "app.yaml");
        await File.WriteAllTextAsync(app, $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: bench, namespace: argocd{"}"}
            spec:
              project: default
              source: {"{"}repoURL: {Path.Combine(work.Path, "repo")}, path: objects{"}"}
              destination: {"{"}server: https://kubernetes.default.svc, namespace: hawser-bench{"}"}
              syncPolicy: {"{"}syncOptions: [CreateNamespace=true]{"}"}
            """, cancellationToken);
        await Run("kubectl", ["create", "namespace", "kubectl-bench", "--kubeconfig", sandbox.KubeconfigPath], work.Path, cancellationToken);

        var env = new Dictionary<string, string> { ["HAWSER_DATA_DIR"] = Path.Combine(work.Path, "data") };
        string[] kubectlArgs = ["apply", "--server-side", "-n", "kubectl-bench", "-f", manifests, "--kubeconfig", sandbox.KubeconfigPath, "--cache-dir", Path.Combine(work.Path, "kcache")];
        string[] hawserArgs = ["app", "sync", "-f", app, "--kubeconfig", sandbox.KubeconfigPath];

        var kubectlFirst = await Run("kubectl", kubectlArgs, work.Path, cancellationToken);
        var hawserFirst = await Run(HawserProgram.Path, hawserArgs, work.Path, cancellationToken, env);
        var kubectlAgain = await Run("kubectl", kubectlArgs, work.Path, cancellationToken);
        var hawserAgain = await Run(HawserProgram.Path, hawserArgs, work.Path, cancellationToken, env);

        var inProcess = await InProcessNoOpAsync(app, work.Path, sandbox.KubeconfigPath, cancellationToken);

        Console.WriteLine($"  {Objects} objects (ConfigMaps, Secrets, Services, Deployments) into the sandbox");
        Console.WriteLine($"  first sync:       hawser {hawserFirst.Seconds,6:F2} s   kubectl {kubectlFirst.Seconds,6:F2} s   kubectl/hawser = {kubectlFirst.Seconds / hawserFirst.Seconds:F2}x (budget > 1)");
        Console.WriteLine($"  no-op re-sync:    hawser {hawserAgain.Seconds,6:F2} s   kubectl {kubectlAgain.Seconds,6:F2} s   kubectl/hawser = {kubectlAgain.Seconds / hawserAgain.Seconds:F2}x (budget >= 20)");
        Console.WriteLine($"  no-op re-sync, engine in a warm process (as the controller runs it): {inProcess.TotalSeconds:F2} s   kubectl/hawser = {kubectlAgain.Seconds / inProcess.TotalSeconds:F1}x");
        Console.WriteLine($"  peak RSS:         hawser {hawserFirst.PeakMiB,6:F0} MiB (first), {hawserAgain.PeakMiB:F0} MiB (re-sync)   kubectl {kubectlFirst.PeakMiB:F0} MiB");
    }

    // The same no-op re-sync through the engine in this process, after one warm-up run (JIT, discovery, render cache):
    // what a long-running Hawser pays per reconciliation, without the CLI's process start.
    private static async Task<TimeSpan> InProcessNoOpAsync(string appFile, string workDir, string kubeconfig, CancellationToken cancellationToken)
    {
        await using var store = await State.StateStores.OpenSqliteAsync(Path.Combine(workDir, "data"), TimeProvider.System, cancellationToken);
        var renderer = new Rendering.AppRenderer(new Rendering.AppRendererOptions(Path.Combine(workDir, "scratch")), cache: new Rendering.RenderCache());
        using var clusters = new Apps.ClusterConnector(kubeconfig, null, clientOptions: new Kubernetes.KubernetesClientOptions(Qps: 0));
        var service = new Apps.AppService(renderer, clusters, store, Health.HealthAssessor.Create());
        var app = Apps.AppDefinition.Read(await File.ReadAllTextAsync(appFile, cancellationToken), appFile).Apps.Single();
        var settings = new Apps.AppSyncSettings("bench");
        await service.SyncAsync(app, settings, null, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var report = await service.SyncAsync(app, settings, null, cancellationToken);
        stopwatch.Stop();
        if (report.Sync.ChangeSet.Any(t => t.Action != State.SyncTaskAction.Unchanged))
            throw new InvalidOperationException("the no-op re-sync changed objects");
        return stopwatch.Elapsed;
    }

    private static void WriteObjects(string directory)
    {
        for (var i = 0; i < Objects; i++)
        {
            var yaml = (i % 4) switch
            {
                0 => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-{i:0000}\n  labels: {{app: bench}}\ndata:\n  key: value-{i}\n  other: \"{i}\"\n",
                1 => $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-{i:0000}\ntype: Opaque\nstringData:\n  password: pw-{i}\n",
                2 => $"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i:0000}\nspec:\n  selector: {{app: app-{i}}}\n  ports:\n  - port: 80\n    targetPort: 8080\n",
                _ => $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-{i:0000}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {{app: app-{i}}}\n  template:\n    metadata:\n      labels: {{app: app-{i}}}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.27\n        ports:\n        - containerPort: 8080\n",
            };
            File.WriteAllText(Path.Combine(directory, $"object-{i:0000}.yaml"), yaml);
        }
    }

    private sealed record Measured(double Seconds, double PeakMiB);

    // Runs a command to its end, sampling its peak resident memory (VmHWM) while it runs.
    private static async Task<Measured> Run(string file, IReadOnlyList<string> args, string cwd, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peakKiB = 0;
        while (!process.HasExited)
        {
            peakKiB = Math.Max(peakKiB, Proc.HighWaterMarkKiB(process.Id));
            await Task.Delay(20, cancellationToken);
        }
        await process.WaitForExitAsync(cancellationToken);
        stopwatch.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return new Measured(stopwatch.Elapsed.TotalSeconds, peakKiB / 1024.0);
    }
}
