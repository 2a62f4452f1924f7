using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>A classic chart repository with several versions of one chart, served by nginx without auth.</summary>
public sealed class ChartRepositoryFixture : IAsyncLifetime
{
    public static readonly string[] Versions = ["1.0.0", "1.2.0", "1.2.5", "1.10.1", "2.0.0", "2.1.0-rc.1"];
    private ChartRepositoryServer? _server;

    public ChartRepositoryServer Server => _server ?? throw new InvalidOperationException("the repository is not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _server = await ChartRepositoryServer.StartAsync(timeout.Token);
        foreach (var version in Versions) await _server.AddChartAsync("guestbook", version, timeout.Token);
        await _server.AddChartAsync("redis", "0.3.0", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

public sealed class HelmChartSourceHttpTests(ChartRepositoryFixture fixture) : IClassFixture<ChartRepositoryFixture>, IDisposable
{
    private readonly TempDirectory _cache = new("hawser-chartcache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private ChartRepositoryServer Server => fixture.Server;
    private CancellationToken Ct => _timeout.Token;

    [Theory]
    [InlineData("1.2.0", "1.2.0")]
    [InlineData("^1.0", "1.10.1")]
    [InlineData("~1.2.0", "1.2.5")]
    [InlineData(">=1.0.0 <2.0.0", "1.10.1")]
    [InlineData("1.2.x", "1.2.5")]
    [InlineData("*", "2.0.0")]
    [InlineData(">=2.1.0-0", "2.1.0-rc.1")]
    [InlineData("^0.1 || ^1.1", "1.10.1")]
    public async Task The_highest_version_satisfying_the_constraint_is_pulled_and_unpacked(string constraint, string expected)
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var checkout = await source.PullAsync(Server.Url, "guestbook", constraint, null, Ct);

        Assert.Equal(expected, checkout.Version);
        Assert.Equal("guestbook", checkout.Chart);
        Assert.Contains($"version: {expected}", File.ReadAllText(Path.Combine(checkout.ChartDirectory, "Chart.yaml")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(checkout.ChartDirectory, "templates", "configmap.yaml")));
        Assert.Equal(Path.Combine(_cache.Path, "charts"), Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(checkout.ChartDirectory))));
    }

    [Fact]
    public async Task An_exact_version_already_unpacked_is_served_without_any_request()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));
        var first = await source.PullAsync(Server.Url, "guestbook", "1.2.0", null, Ct);
        var requests = Server.RequestCount;

        using var fresh = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));
        var again = await fresh.PullAsync(Server.Url, "guestbook", "1.2.0", null, Ct);

        Assert.Equal(first, again);
        Assert.Equal(requests, Server.RequestCount);
    }

    [Fact]
    public async Task A_range_reuses_the_index_for_a_while_and_downloads_each_version_once()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));
        await source.PullAsync(Server.Url, "guestbook", "^1.0", null, Ct);
        var requests = Server.RequestCount;

        var again = await source.PullAsync(Server.Url, "guestbook", "~1.10", null, Ct);

        Assert.Equal("1.10.1", again.Version);
        Assert.Equal(requests, Server.RequestCount);
    }

    [Fact]
    public async Task A_chart_missing_from_the_index_is_reported_by_name()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(Server.Url, "wordpress", "*", null, Ct));

        Assert.Equal(SourceFailure.ChartNotFound, e.Failure);
        Assert.Contains("wordpress", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_matching_version_lists_what_the_repository_has()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(Server.Url, "guestbook", "^3.0", null, Ct));

        Assert.Equal(SourceFailure.NoMatchingVersion, e.Failure);
        Assert.Contains("'^3.0'", e.Message, StringComparison.Ordinal);
        Assert.Contains("2.1.0-rc.1, 2.0.0, 1.10.1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_that_is_not_there_is_unreachable()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync($"http://127.0.0.1:{FreePort.Next()}/charts", "guestbook", "*", null, Ct));

        Assert.Equal(SourceFailure.Unreachable, e.Failure);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}

public sealed class HelmChartSourceIndexVariantsTests : IDisposable
{
    private readonly TempDirectory _cache = new("hawser-chartcache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Absolute_chart_urls_in_the_index_are_followed()
    {
        await using var server = await ChartRepositoryServer.StartAsync(Ct, absoluteChartUrls: true);
        await server.AddChartAsync("absolute", "3.1.4", Ct);
        Assert.Contains($"{server.Url}/absolute-3.1.4.tgz", File.ReadAllText(Path.Combine(server.Directory, "index.yaml")), StringComparison.Ordinal);
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var checkout = await source.PullAsync(server.Url + "/", "absolute", "~3.1", null, Ct);

        Assert.Equal("3.1.4", checkout.Version);
    }

    [Fact]
    public async Task An_archive_that_does_not_match_the_index_digest_is_refused_and_nothing_is_cached()
    {
        await using var server = await ChartRepositoryServer.StartAsync(Ct);
        await server.AddChartAsync("tampered", "1.0.0", Ct);
        var archive = Path.Combine(server.Directory, "tampered-1.0.0.tgz");
        File.WriteAllBytes(archive, [.. File.ReadAllBytes(archive), 0, 0, 0]);
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(server.Url, "tampered", "1.0.0", null, Ct));

        Assert.Contains("digest mismatch", e.Message, StringComparison.Ordinal);
        var charts = Path.Combine(_cache.Path, "charts");
        Assert.Empty(Directory.Exists(charts) ? Directory.GetFiles(charts, "*", SearchOption.AllDirectories) : []);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}

public sealed class HelmChartSourceBasicAuthTests : IAsyncLifetime, IDisposable
{
    private const string Password = "chart-repo-Secret-41";
    private readonly TempDirectory _cache = new("hawser-chartcache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private ChartRepositoryServer? _server;

    private ChartRepositoryServer Server => _server!;
    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _server = await ChartRepositoryServer.StartAsync(Ct, "charts", Password);
        await _server.AddChartAsync("private-app", "0.1.0", Ct);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Basic_auth_credentials_open_a_protected_repository()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));

        var checkout = await source.PullAsync(Server.Url, "private-app", "~0.1", new RepositoryCredentials("charts", Password), Ct);

        Assert.Equal("0.1.0", checkout.Version);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure_without_the_password_in_the_message()
    {
        using var source = new HelmChartSource(new HelmChartSourceOptions(_cache.Path));
        const string wrong = "not-the-Password-99";

        var e = await Assert.ThrowsAsync<SourceException>(() => source.PullAsync(Server.Url, "private-app", "*", new RepositoryCredentials("charts", wrong), Ct));

        Assert.Equal(SourceFailure.AuthenticationFailed, e.Failure);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, e.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}
