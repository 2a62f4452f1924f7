using System.Diagnostics;
using System.Text;
using Hawser.Manifests;

namespace Hawser.Bench;

/// <summary>YAML parsing throughput for a 1,000-object manifest stream.</summary>
internal sealed class ManifestParseBenchmark : IBenchmark
{
    public string Name => "parse";
    public string Description => "multi-document YAML to objects, 1,000 Deployments";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            yaml.Append(CultureInvariant($"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  namespace: team-{i % 10}\n  labels: {{app: web, tier: front}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports: [{{containerPort: 80}}]\n"));
        }
        var text = yaml.ToString();
        ManifestReader.Read(text, "warmup.yaml");
        var stopwatch = Stopwatch.StartNew();
        const int rounds = 20;
        for (var r = 0; r < rounds; r++) ManifestReader.Read(text, "bench.yaml");
        stopwatch.Stop();
        var perRound = stopwatch.Elapsed.TotalMilliseconds / rounds;
        Console.WriteLine($"  {text.Length / 1024} KiB, 1,000 objects: {perRound:F1} ms per parse, {1000 / perRound * 1000:N0} objects/s");
        return Task.CompletedTask;
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
