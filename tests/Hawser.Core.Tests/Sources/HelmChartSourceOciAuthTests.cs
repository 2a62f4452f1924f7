using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>HelmChartSource against registries that demand basic auth or a bearer token, as hosted registries do.</summary>
public sealed class HelmChartSourceOciAuthTests : IDisposable
{
    private readonly TempDirectory _cache = new("hawser-ociauth");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));

    private CancellationToken Ct => _timeout.Token;

    [Theory]
    [InlineData(OciRegistryAuthScheme.Basic)]
    [InlineData(OciRegistryAuthScheme.BearerToken)]
    public async Task Credentials_answer_the_registry_challenge_and_the_range_resolves(OciRegistryAuthScheme scheme)
    {
        await using var registry = await OciRegistry.StartAsync(Ct, scheme);
        await registry.PushChartAsync("secured", "1.0.0", Ct);
        await registry.PushChartAsync("secured", "1.1.0", Ct);
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path) { PlainHttpRegistries = [registry.Host] });

        var checkout = await source.PullAsync(registry.ChartsUrl, "secured", "^1", new RepositoryCredentials(registry.Username, registry.Password), Ct);

        Assert.Equal("1.1.0", checkout.Version);
        Assert.True(File.Exists(Path.Combine(checkout.ChartDirectory, "Chart.yaml")));
    }

    [Theory]
    [InlineData(OciRegistryAuthScheme.Basic)]
    [InlineData(OciRegistryAuthScheme.BearerToken)]
    public async Task Wrong_or_missing_credentials_are_an_authentication_failure_that_never_shows_the_password(OciRegistryAuthScheme scheme)
    {
        await using var registry = await OciRegistry.StartAsync(Ct, scheme);
        await registry.PushChartAsync("secured", "1.0.0", Ct);
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path) { PlainHttpRegistries = [registry.Host] });
        const string wrong = "definitely-Wrong-77";

        var withWrong = await Assert.ThrowsAsync<SourceException>(() =>
            source.PullAsync(registry.ChartsUrl, "secured", "1.0.0", new RepositoryCredentials(registry.Username, wrong), Ct));
        var withNone = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(registry.ChartsUrl, "secured", "*", null, Ct));

        Assert.Equal(SourceFailure.AuthenticationFailed, withWrong.Failure);
        Assert.Equal(SourceFailure.AuthenticationFailed, withNone.Failure);
        Assert.DoesNotContain(wrong, withWrong.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password!, withWrong.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}
