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
/// render cache), each with its elapsed and CPU time, and the findings count as a check that both runs saw the same repo.
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

        var (cold, coldCpu, coldFindings) = await LintAsync(repo.Path, data, work.Path, cancellationToken);
        var (warm, warmCpu, warmFindings) = await LintAsync(repo.Path, data, work.Path, cancellationToken);

        Console.WriteLine(Invariant($"  repository: {Apps} apps at {commit[..12]} ({Apps - KustomizeApps} plain directories, {KustomizeApps} Kustomize overlays), {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Console.WriteLine(Invariant($"  hawser lint --revision HEAD, cold (empty data directory): {cold.TotalSeconds,7:F2} s elapsed, {coldCpu,7:F2} s CPU  ({coldFindings} findings)"));
        Console.WriteLine(Invariant($"  hawser lint --revision HEAD, warm (render cache hits):    {warm.TotalSeconds,7:F2} s elapsed, {warmCpu,7:F2} s CPU  ({warmFindings} findings)"));
        Console.WriteLine(Invariant($"  warm per app: {warm.TotalMilliseconds / Apps:F2} ms elapsed, {warmCpu * 1000 / Apps:F2} ms CPU (process start included); cold / warm elapsed: {cold.TotalSeconds / warm.TotalSeconds:F1}x"));
    }

    // The real command in a new process, under bash's `time` so that its CPU seconds (user + system) are reported beside the
    // wall-clock time: on a shared machine the CPU time says more than the elapsed time.
    private static async Task<(TimeSpan Elapsed, double CpuSeconds, int Findings)> LintAsync(string repo, string data, string work, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "src", "Hawser.Cli", "bin", "Release", "net10.0", "hawser.dll");
        var output = Path.Combine(work, "lint.json");
        var cpu = Path.Combine(work, "lint.cpu");
        var script = "TIMEFORMAT='%U %S'; { time dotnet \"$@\" > \"$LINT_OUT\"; } 2> \"$LINT_CPU\"";
        var environment = new Dictionary<string, string?> { ["LINT_OUT"] = output, ["LINT_CPU"] = cpu };
        var stopwatch = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(new ProcessSpec("bash", ["-c", script, "lint", dll, "lint", repo, "--revision", "HEAD", "--data-dir", data, "-o", "json"], repo, TimeSpan.FromMinutes(20), environment), cancellationToken);
        stopwatch.Stop();
        var times = (await File.ReadAllTextAsync(cpu, cancellationToken)).Trim().Split('\n')[^1].Split(' ');
        if (result.ExitCode is not (0 or 1)) throw new InvalidOperationException($"hawser lint failed ({result.ExitCode}): {string.Join(' ', times)}");
        var findings = (JsonNode.Parse(await File.ReadAllTextAsync(output, cancellationToken))?["findings"] as JsonArray)?.Count
            ?? throw new InvalidOperationException("hawser lint printed no findings list");
        var cpuSeconds = double.Parse(times[0], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(times[1], System.Globalization.CultureInfo.InvariantCulture);
        return (stopwatch.Elapsed, cpuSeconds, findings);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
