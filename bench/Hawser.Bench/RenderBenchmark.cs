using System.Diagnostics;
using System.Globalization;
using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>
/// Rendering 50 apps (25 Helm charts with layered values, 25 Kustomize overlays) from a real Git repository:
/// Hawser cold (parallel, including the Git checkout) against running <c>helm template</c> / <c>kubectl kustomize</c> directly one
/// after another, as a ratio; then the cost per app of a render-cache hit (budget: 5 ms).
/// </summary>
internal sealed class RenderBenchmark : IBenchmark
{
    private const int Apps = 50;

    public string Name => "render";
    public string Description => "cold render of 50 apps (Hawser, parallel) vs the tools one after another; cache-hit cost per app";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var work = new TempDirectory("hawser-bench-render");
        var repoDir = Path.Combine(work.Path, "repo");
        var repo = await GitTestRepository.InitAsync(repoDir, cancellationToken);
        for (var i = 0; i < Apps / 2; i++)
        {
            WriteChart(repo, $"charts/app{i:00}", i);
            WriteKustomize(repo, $"kustomize/app{i:00}", i);
        }
        repo.Write("kustomize/base/kustomization.yaml", "resources: [deployment.yaml, service.yaml]\n");
        repo.Write("kustomize/base/deployment.yaml", Deployment("web", 1));
        repo.Write("kustomize/base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
        var commit = await repo.CommitAsync("fifty apps", cancellationToken);

        var apps = new List<Application>();
        for (var i = 0; i < Apps / 2; i++)
        {
            apps.Add(App($"helm{i:00}", repo.Path, $"charts/app{i:00}", "helm: {valueFiles: [values.yaml, values.prod.yaml]}"));
            apps.Add(App($"kust{i:00}", repo.Path, $"kustomize/app{i:00}", "kustomize: {images: [nginx=nginx:1.27]}"));
        }

        // Baseline: the tools directly, one after another, on the checked-out files.
        var helmHome = new Dictionary<string, string?> { ["HELM_CONFIG_HOME"] = Path.Combine(work.Path, "h", "c"), ["HELM_CACHE_HOME"] = Path.Combine(work.Path, "h", "k"), ["HELM_DATA_HOME"] = Path.Combine(work.Path, "h", "d") };
        var direct = Stopwatch.StartNew();
        var directObjects = 0;
        for (var i = 0; i < Apps / 2; i++)
        {
            var chart = Path.Combine(repoDir, $"charts/app{i:00}");
            var h = await ProcessRunner.RunCheckedAsync(new ProcessSpec("helm", ["template", $"helm{i:00}", chart, "--namespace", "bench", "--values", Path.Combine(chart, "values.yaml"), "--values", Path.Combine(chart, "values.prod.yaml"), "--include-crds"], chart, Environment: helmHome), cancellationToken);
            var k = await ProcessRunner.RunCheckedAsync(new ProcessSpec("kubectl", ["kustomize", Path.Combine(repoDir, $"kustomize/app{i:00}")], repoDir), cancellationToken);
            directObjects += ManifestReader.Read(h.StandardOutput, "helm").Count + ManifestReader.Read(k.StandardOutput, "kustomize").Count;
        }
        direct.Stop();

        var git = new GitSource(new GitSourceOptions(Path.Combine(work.Path, "git-cache")));
        var cache = new RenderCache();
        var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(work.Path, "scratch")), git, null, cache);
        var checkout = Stopwatch.StartNew();
        await git.CheckoutAsync(repo.Path, "main", null, cancellationToken);
        checkout.Stop();
        var cold = Stopwatch.StartNew();
        var outcomes = await renderer.RenderManyAsync(apps, cancellationToken);
        cold.Stop();
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        if (failed.Count > 0) throw new InvalidOperationException($"render failed: {failed[0].Application.Name}: {failed[0].Error}");
        var hawserObjects = outcomes.Sum(o => o.Result!.Objects.Count);

        // Cache hits: same commit, same inputs. Warm once, then time several rounds.
        await renderer.RenderManyAsync(apps, cancellationToken);
        const int rounds = 20;
        var hits = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var app in apps)
            {
                var result = await renderer.RenderAsync(app, cancellationToken);
                if (!result.FromCache) throw new InvalidOperationException($"{app.Name} missed the cache");
            }
        }
        hits.Stop();
        var perHit = hits.Elapsed.TotalMilliseconds / (rounds * Apps);

        Console.WriteLine(Invariant($"  repository: {Apps} apps at {commit[..12]} ({Apps / 2} Helm charts with 2 value files, {Apps / 2} Kustomize overlays with an image override)"));
        Console.WriteLine(Invariant($"  tools directly, one after another: {direct.Elapsed.TotalMilliseconds,8:F0} ms  ({directObjects} objects)"));
        Console.WriteLine(Invariant($"  git clone + checkout of the commit (once, shared by all apps): {checkout.Elapsed.TotalMilliseconds,8:F0} ms"));
        Console.WriteLine(Invariant($"  Hawser cold render, parallel ({Environment.ProcessorCount} cores, load average {LoadAverage()}): {cold.Elapsed.TotalMilliseconds,8:F0} ms  ({hawserObjects} objects)"));
        Console.WriteLine(Invariant($"  ratio direct / Hawser cold: {direct.Elapsed.TotalMilliseconds / cold.Elapsed.TotalMilliseconds:F2}x"));
        Console.WriteLine(Invariant($"  cache hit: {perHit:F3} ms per app (budget 5 ms) over {rounds * Apps} renders"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static Application App(string name, string repo, string path, string extra)
    {
        var yaml = $"apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: {name}}}\nspec:\n  project: default\n  source:\n    repoURL: {repo}\n    targetRevision: main\n    path: {path}\n    {extra}\n  destination: {{server: https://kubernetes.default.svc, namespace: bench}}\n";
        return ApplicationReader.Read(ManifestReader.Read(yaml, name)).ThrowIfErrors().Applications[0];
    }

    private static void WriteChart(GitTestRepository repo, string path, int i)
    {
        repo.Write($"{path}/Chart.yaml", Invariant($"apiVersion: v2\nname: app{i:00}\nversion: 1.0.{i}\n"));
        repo.Write($"{path}/values.yaml", "replicas: 1\nimage: nginx:1.25\nsettings: {a: '1', b: '2'}\n");
        repo.Write($"{path}/values.prod.yaml", "replicas: 3\n");
        repo.Write($"{path}/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: {{ .Release.Name }}}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: {matchLabels: {app: {{ .Release.Name }}}}\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}}}\n    spec: {containers: [{name: web, image: {{ .Values.image }}}]}\n");
        repo.Write($"{path}/templates/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: {{ .Release.Name }}}\nspec: {selector: {app: {{ .Release.Name }}}, ports: [{port: 80}]}\n");
        repo.Write($"{path}/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}-settings}\ndata: {{ toYaml .Values.settings | nindent 2 }}\n");
    }

    private static void WriteKustomize(GitTestRepository repo, string path, int i) =>
        repo.Write($"{path}/kustomization.yaml", Invariant($"resources: [../base]\nnamePrefix: app{i:00}-\nlabels: [{{pairs: {{team: t{i % 5}}}}}]\n"));

    private static string Deployment(string name, int replicas) =>
        Invariant($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec: {{containers: [{{name: web, image: nginx}}]}}\n");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
