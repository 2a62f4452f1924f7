namespace Hawser.Bench;

/// <summary>Every benchmark, one line each.</summary>
internal static class BenchmarkCatalog
{
    public static List<IBenchmark> All() =>
    [
        new ManifestParseBenchmark(),
        new SandboxBenchmark(),
        new RenderBenchmark(),
        new LintBenchmark(),
        new StateStoreBenchmark(),
        new HealthBenchmark(),
        new KubernetesClientBenchmark(),
        new InformerMemoryBenchmark(),
        new SyncBenchmark(),
        new ControllerBenchmark(),
        new WebhookBenchmark(),
        new UiListBenchmark(),
    ];
}
