using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class ChartSourceTests
{
    private const string ChartRepo = "https://charts.example.com";

    [Fact]
    public async Task A_chart_from_a_helm_repository_renders_with_its_values_and_a_range_resolves_once()
    {
        using var charts = new TempDirectory("hawser-charts");
        HelmFixtures.WriteWebChart(charts);
        // A pulled chart arrives packaged with its dependencies.
        CopyTree(Path.Combine(charts.Path, "charts/common"), Path.Combine(charts.Path, "charts/web/charts/common"));
        var source = new FakeChartSource();
        source.Add(ChartRepo, "web", "1.2.0", Path.Combine(charts.Path, "charts/web"));
        using var scratch = new TempDirectory();
        var tools = new CountingToolRunner();
        var renderer = new AppRenderer(new AppRendererOptions(scratch.Path), null, source, new RenderCache(), tools);
        var app = App($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              source: {repoURL: {{ChartRepo}}, chart: web, targetRevision: ^1.0, helm: {valueFiles: [values.prod.yaml]} }
              destination: {server: https://kubernetes.default.svc, namespace: web}
            """);

        var first = await renderer.RenderAsync(app, CancellationToken.None);
        Assert.Equal("1.2.0", first.Sources[0].Revision);
        Assert.Equal(3, first.Objects.Single(o => o.Kind == "Deployment").Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Contains(first.Objects, o => o.Name == "web-common");
        var (pulls, runs) = (source.Pulls, tools.Runs);

        var second = await renderer.RenderAsync(app, CancellationToken.None);
        Assert.True(second.FromCache);
        Assert.Equal((pulls, runs), (source.Pulls, tools.Runs));
    }
}
