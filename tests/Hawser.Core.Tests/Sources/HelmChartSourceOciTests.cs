using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>HelmChartSource against a real OCI registry (Debian docker-registry) holding charts pushed by <c>helm push</c>.</summary>
public sealed class HelmChartSourceOciTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _cache = new("hawser-ocicache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private OciRegistry? _registry;

    private OciRegistry Registry => _registry!;
    private CancellationToken Ct => _timeout.Token;
    private HelmChartSourceOptions Options => new(_cache.Path) { PlainHttpRegistries = [Registry.Host] };

    public async Task InitializeAsync()
    {
        _registry = await OciRegistry.StartAsync(Ct);
        foreach (var version in new[] { "0.9.0", "1.0.0", "1.4.2", "2.0.0" }) await _registry.PushChartAsync("podinfo", version, Ct);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null) await _registry.DisposeAsync();
    }

    [Fact]
    public async Task A_range_is_resolved_from_the_registry_tags_and_the_chart_unpacked()
    {
        using var source = new HelmChartSource(Options);

        var checkout = await source.PullAsync(Registry.ChartsUrl, "podinfo", ">=1.0.0 <2.0.0", null, Ct);

        Assert.Equal("1.4.2", checkout.Version);
        Assert.Contains("version: 1.4.2", File.ReadAllText(Path.Combine(checkout.ChartDirectory, "Chart.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_exact_version_is_served_with_the_registry_stopped()
    {
        using var source = new HelmChartSource(Options);
        var first = await source.PullAsync(Registry.ChartsUrl, "podinfo", "2.0.0", null, Ct);
        await Registry.StopAsync();

        using var fresh = new HelmChartSource(Options);
        var again = await fresh.PullAsync(Registry.ChartsUrl, "podinfo", "2.0.0", null, Ct);

        Assert.Equal(first, again);
        var e = await Assert.ThrowsAsync<SourceException>(() => fresh.PullAsync(Registry.ChartsUrl, "podinfo", "0.9.0", null, Ct));
        Assert.Equal(SourceFailure.Unreachable, e.Failure);
    }

    [Fact]
    public async Task A_version_the_registry_lacks_is_reported_with_what_it_has()
    {
        using var source = new HelmChartSource(Options);

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(Registry.ChartsUrl, "podinfo", "^3", null, Ct));

        Assert.Equal(SourceFailure.NoMatchingVersion, e.Failure);
        Assert.Contains("2.0.0, 1.4.2, 1.0.0, 0.9.0", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}
