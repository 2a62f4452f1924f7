using System.Diagnostics;
using System.Text.Json.Nodes;
using Hawser.Processes;
using Hawser.Testing;
using static System.FormattableString;

namespace Hawser.Bench;

/// <summary>
/// <c>hawser lint</c> of a config repo with 1,000 apps (800 plain directories, 200 Kustomize overlays of one base, each
/// declared by its own Application file) at a commit, as a user runs it: the real command, a new process each time. First
/// with an empty data directory (cold: Git mirror, checkout and every render), then again (warm: every render from the
/// render cache), with the findings count as a check that both runs saw the same repo.
/// </summary>
internal sealed class LintBenchmark : IBenchmark
{
    private const int Apps = 1000;
    private const int KustomizeApps = 200;
    private const string RepoUrl = "https://git.example.com/bench/config.git";

    public string Name => "lint";
    public string Description => "hawser lint of a 1,000-app config repo: cold and warm render cache";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var work = new TempDirectory("hawser-bench-lint");
        var repo = await GitTestRepository.InitAsync(Path.Combine(work.Path, "repo"), cancellationToken);
        await repo.GitAsync(["remote", "add", "origin", RepoUrl], cancellationToken);
        repo.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        repo.Write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx:1.27}]}\n");
        for (var i = 0; i < Apps; i++)
        {
            var name = Invariant($"app{i:0000}");
            repo.Write($"apps/{name}.yaml", Invariant($"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {"{"}name: {name}{"}"}
                spec:
                  project: default
                  source: {"{"}repoURL: {RepoUrl}, targetRevision: main, path: services/{name}{"}"}
                  destination: {"{"}server: https://kubernetes.default.svc, namespace: {name}{"}"}

                """));
            if (i < KustomizeApps)
                repo.Write($"services/{name}/kustomization.yaml", $"resources: [../../base]\nnamePrefix: {name}-\n");
            else
                repo.Write($"services/{name}/config.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{replicas: \"2\"}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec: {{selector: {{app: {name}}}, ports: [{{port: 80}}]}}\n");
        }
        var commit = await repo.CommitAsync("1,000 apps", cancellationToken);
        var data = Path.Combine(work.Path, "data");

        var (cold, coldFindings) = await LintAsync(repo.Path, data, cancellationToken);
        var (warm, warmFindings) = await LintAsync(repo.Path, data, cancellationToken);

        Console.WriteLine(Invariant($"  repository: {Apps} apps at {commit[..12]} ({Apps - KustomizeApps} plain directories, {KustomizeApps} Kustomize overlays), {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Console.WriteLine(Invariant($"  hawser lint --revision HEAD, cold (empty data directory): {cold.TotalSeconds,7:F2} s  ({coldFindings} findings)"));
        Console.WriteLine(Invariant($"  hawser lint --revision HEAD, warm (render cache hits):    {warm.TotalSeconds,7:F2} s  ({warmFindings} findings)"));
        Console.WriteLine(Invariant($"  warm per app: {warm.TotalMilliseconds / Apps:F2} ms; cold / warm: {cold.TotalSeconds / warm.TotalSeconds:F1}x"));
    }

    private static async Task<(TimeSpan Elapsed, int Findings)> LintAsync(string repo, string data, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "src", "Hawser.Cli", "bin", "Release", "net10.0", "hawser.dll");
        var stopwatch = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(new ProcessSpec("dotnet", [dll, "lint", repo, "--revision", "HEAD", "--data-dir", data, "-o", "json"], repo, TimeSpan.FromMinutes(20)), cancellationToken);
        stopwatch.Stop();
        if (result.ExitCode is not (0 or 1)) throw new InvalidOperationException($"hawser lint failed ({result.ExitCode}): {result.StandardError}");
        var findings = (JsonNode.Parse(result.StandardOutput)?["findings"] as JsonArray)?.Count ?? throw new InvalidOperationException("hawser lint printed no findings list");
        return (stopwatch.Elapsed, findings);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
