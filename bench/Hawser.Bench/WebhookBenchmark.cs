using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Server;
using Hawser.Settings;
using Hawser.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Bench;

/// <summary>
/// Git webhook to synced, small app: <c>hawser server</c> (in this process, polling every 3 minutes so only the webhook can
/// explain a change) with one automated app of a ConfigMap and a Deployment; each round commits a change and posts a signed
/// GitHub push to <c>/api/webhook</c>, and the clock stops when the change is in the sandbox and the app is Synced and
/// Healthy at the new commit. Prints the median and the worst of the rounds. Budget: ≤ 2 s.
/// </summary>
internal sealed class WebhookBenchmark : IBenchmark
{
    private const string Secret = "bench-webhook-secret";
    private const int Rounds = 10;
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");

    public string Name => "webhook";
    public string Description => "Git webhook to synced for a small app (ConfigMap + Deployment): median and worst of 10 pushes (budget <= 2 s)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var work = new TempDirectory("hawser-bench-webhook");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) },
        }, cancellationToken);
        var repo = await GitTestRepository.InitAsync(Path.Combine(work.Path, "config"), cancellationToken);
        var repoUrl = "file://" + repo.Path;
        await repo.Write("apps/web.yaml", $$"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  project: default
                  source: {repoURL: "{{repoUrl}}", targetRevision: main, path: web}
                  destination: {server: https://kubernetes.default.svc, namespace: web}
                  syncPolicy:
                    automated: {prune: true, selfHeal: true}
                    syncOptions: [CreateNamespace=true]
                """)
            .Write("web/deploy.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "registry.example/web:1"}]}
                """)
            .Write("web/cm.yaml", ConfigMap(0)).CommitAsync("web", cancellationToken);

        var secrets = new Dictionary<string, SecretText> { ["webhook.github.secret"] = new(Secret) };
        var options = new ServerOptions("127.0.0.1:0", Path.Combine(work.Path, "data"), [new RootSource.Repository(repoUrl, "apps", "main")], sandbox.KubeconfigPath, null,
            ControllerOptions.Default with { ReconcileJitter = TimeSpan.Zero, RepoPollInterval = TimeSpan.FromMinutes(3) })
        {
            Settings = HawserSettings.Default with { Secrets = new ServerSecrets(null, null, null, secrets, secrets) },
        };
        await using var server = await HawserServer.StartAsync(options, NullLoggerFactory.Instance, cancellationToken);
        var controller = server.Controller;
        await WaitAsync(() => Task.FromResult(controller.StatusOf("web") is { IsSyncedAndHealthy: true }), TimeSpan.FromMinutes(1), "web Synced and Healthy");

        using var kubectl = KubernetesClientFactory.FromKubeconfig(sandbox.KubeconfigPath, null);
        using var http = new HttpClient { BaseAddress = server.Url };
        var times = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            var commit = await repo.Write("web/cm.yaml", ConfigMap(round)).CommitAsync($"round {round}", cancellationToken);
            var clock = Stopwatch.StartNew();
            await PostPushAsync(http, repoUrl, cancellationToken);
            var expected = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WaitAsync(async () =>
                (await kubectl.Client.GetAsync(ConfigMapKind, "web", "settings", cancellationToken))?.Body["data"]?["round"]?.GetValue<string>() == expected
                && controller.StatusOf("web") is { IsSyncedAndHealthy: true } status && status.Revision == commit, TimeSpan.FromSeconds(30), $"round {round} synced");
            clock.Stop();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"  webhook to synced, small app (ConfigMap + Deployment), {Rounds} pushes: median {median:F2} s, worst {times[^1]:F2} s (budget <= 2 s)");
    }

    private static string ConfigMap(int round) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {round: "{{round}}"}
        """;

    private static async Task PostPushAsync(HttpClient http, string repoUrl, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["ref"] = "refs/heads/main",
            ["commits"] = new JsonArray(new JsonObject { ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray("web/cm.yaml") }),
            ["repository"] = new JsonObject { ["clone_url"] = repoUrl, ["default_branch"] = "main" },
        }.ToJsonString();
        using var content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        content.Headers.Add("X-GitHub-Event", "push");
        content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(payload))));
        using var response = await http.PostAsync("/api/webhook", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
