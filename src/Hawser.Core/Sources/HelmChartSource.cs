using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Sources;

/// <summary>
/// <see cref="IHelmChartSource"/> for HTTP(S) chart repositories (<c>index.yaml</c>) and <c>oci://</c> registries,
/// without running helm: versions are resolved with Helm's constraint rules, archives downloaded, checked against
/// their digest and unpacked once into <c>&lt;cache&gt;/charts/&lt;hash of repo&gt;/&lt;chart&gt;/&lt;version&gt;</c>.
/// An exact version already unpacked costs no network; version lists are reused for
/// <see cref="HelmChartSourceOptions.IndexCacheDuration"/>. Thread-safe. See <see cref="SourcesOverview"/>.
/// </summary>
public sealed partial class HelmChartSource : IHelmChartSource, IDisposable
{
    private readonly HelmChartSourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HelmHttp _http;
    private readonly RepositoryLock _locks;
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, IReadOnlyList<ChartListing> Listings)> _listings = new(StringComparer.Ordinal);

    public HelmChartSource(HelmChartSourceOptions options, ILogger<HelmChartSource>? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options with { CacheDirectory = Path.GetFullPath(options.CacheDirectory) };
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _http = new HelmHttp(options.RequestTimeout);
        _locks = new RepositoryLock(Path.Combine(_options.CacheDirectory, "locks"));
    }

    /// <summary>
    /// Checks that a classic chart repository answers with a readable <c>index.yaml</c> (a connection test); throws a
    /// <see cref="SourceException"/> naming what failed. OCI registries are checked when a chart is pulled.
    /// </summary>
    public async Task CheckRepositoryAsync(string repoUrl, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (OciReference.IsOci(repoUrl)) throw new SourceException(SourceFailure.InvalidReference, repoUrl, "an OCI registry has no index to test; it is checked when a chart is pulled");
        await HelmRepositoryIndex.FetchAsync(_http.For(credentials), repoUrl, credentials, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ChartCheckout> PullAsync(string repoUrl, string chart, string versionConstraint, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repoUrl)) throw new SourceException(SourceFailure.InvalidReference, "(empty)", "no chart repository URL given");
        if (!SafeName().IsMatch(chart)) throw new SourceException(SourceFailure.InvalidReference, repoUrl, $"'{chart}' is not a valid chart name");
        ChartVersionConstraint constraint;
        try
        {
            constraint = ChartVersionConstraint.Parse(versionConstraint);
        }
        catch (FormatException e)
        {
            throw new SourceException(SourceFailure.InvalidReference, repoUrl, $"chart {chart}: {e.Message}", e);
        }

        var display = Redaction.DisplayUrl(repoUrl);
        var chartRoot = Path.Combine(_options.CacheDirectory, "charts", CacheKeys.Hash(repoUrl), chart);
        if (constraint.ExactVersion is { } exact && IsUnpacked(Path.Combine(chartRoot, exact)))
        {
            SourceLog.ChartCacheHit(_logger, display, chart, exact);
            return new ChartCheckout(repoUrl, chart, exact, Path.Combine(chartRoot, exact));
        }

        var oci = OciReference.IsOci(repoUrl) ? OciReference.Parse(repoUrl, chart, _options.PlainHttpRegistries) : null;
        var client = _http.For(credentials);
        ChartListing chosen;
        if (oci is not null && constraint.ExactVersion is { } exactTag)
        {
            chosen = new ChartListing(exactTag, ChartVersion.TryParse(exactTag)!, [], null);
        }
        else
        {
            var listings = await ListAsync(client, repoUrl, chart, oci, credentials, cancellationToken);
            chosen = ChartListing.Choose(listings, constraint)
                ?? throw new SourceException(SourceFailure.NoMatchingVersion, repoUrl,
                    $"no version of chart {chart} satisfies '{constraint.Text}' (available: {ChartListing.Describe(listings)})");
        }
        if (!SafeName().IsMatch(chosen.Version)) throw new SourceException(SourceFailure.InvalidReference, repoUrl, $"chart {chart} has an unsafe version '{chosen.Version}'");
        SourceLog.ChartVersionChosen(_logger, display, chart, constraint.Text, chosen.Version);

        var target = Path.Combine(chartRoot, chosen.Version);
        if (IsUnpacked(target))
        {
            SourceLog.ChartCacheHit(_logger, display, chart, chosen.Version);
            return new ChartCheckout(repoUrl, chart, chosen.Version, target);
        }

        IAsyncDisposable held;
        try
        {
            held = await _locks.AcquireAsync($"chart-{CacheKeys.Hash(repoUrl)}-{chart}-{chosen.Version}", _options.RequestTimeout * 3, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, e.Message, e);
        }
        await using (held)
        {
            if (!IsUnpacked(target))
            {
                var stopwatch = Stopwatch.StartNew();
                var archive = oci is not null
                    ? await new OciRegistryClient(client, oci, repoUrl, credentials).PullChartAsync(OciReference.TagOf(chosen.Version), cancellationToken)
                    : await HelmRepositoryIndex.DownloadAsync(client, repoUrl, chosen, credentials, cancellationToken);
                await ChartArchive.UnpackAsync(archive, chosen.Digest, target, repoUrl, cancellationToken);
                SourceLog.ChartPulled(_logger, display, chart, chosen.Version, stopwatch.ElapsedMilliseconds);
            }
        }
        return new ChartCheckout(repoUrl, chart, chosen.Version, target);
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<ChartListing>> ListAsync(
        HttpClient client, string repoUrl, string chart, OciReference? oci, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        var key = (oci is null ? CacheKeys.Normalise(repoUrl) : $"{CacheKeys.Normalise(repoUrl)}/{chart}") + "|" + CacheKeys.Fingerprint(credentials);
        IReadOnlyList<ChartListing> listings;
        if (_listings.TryGetValue(key, out var cached) && _time.GetUtcNow() - cached.FetchedAt < _options.IndexCacheDuration)
        {
            listings = cached.Listings;
        }
        else if (oci is null)
        {
            var index = await HelmRepositoryIndex.FetchAsync(client, repoUrl, credentials, cancellationToken);
            listings = index.SelectMany(e => e.Value.Select(l => l with { Chart = e.Key })).ToList();
        }
        else
        {
            var tags = await new OciRegistryClient(client, oci, repoUrl, credentials).ListTagsAsync(cancellationToken);
            listings = tags.Select(OciReference.VersionOf)
                .Select(v => ChartVersion.TryParse(v) is { } parsed ? new ChartListing(v, parsed, [], null) { Chart = chart } : null)
                .OfType<ChartListing>().ToList();
        }
        if (!ReferenceEquals(listings, cached.Listings)) _listings[key] = (_time.GetUtcNow(), listings);
        var forChart = listings.Where(l => l.Chart == chart).ToList();
        if (oci is null && forChart.Count == 0)
        {
            throw new SourceException(SourceFailure.ChartNotFound, repoUrl, $"chart {chart} is not in the repository's index.yaml");
        }
        return forChart;
    }

    private static bool IsUnpacked(string directory) => File.Exists(Path.Combine(directory, "Chart.yaml"));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex SafeName();
}
